package io.stateapi.client;

/** Read consistency. Reads are strong unless asked otherwise. */
public enum Consistency {
    /** Reflects every write acknowledged before the read started. */
    STRONG,
    /** May miss writes of the last second or so; half the read cost on DynamoDB. */
    EVENTUAL
}
