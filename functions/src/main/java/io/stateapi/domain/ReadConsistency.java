package io.stateapi.domain;

/** How fresh a read must be. */
public enum ReadConsistency {
    /** Reflects every write acknowledged before the read began (the default). */
    STRONG,
    /** May miss writes from the last moments; half the read cost in DynamoDB. */
    EVENTUAL
}
