package io.stateapi.client.events;

/** What happened to a key, from the CloudEvents {@code type} attribute. */
public enum ChangeType {
    /** {@code io.stateapi.key.created}: the key came into existence (first time, or again after a delete or expiry). */
    CREATED("io.stateapi.key.created"),
    /** {@code io.stateapi.key.updated}: an existing key got a new value. */
    UPDATED("io.stateapi.key.updated"),
    /** {@code io.stateapi.key.deleted}: the key was deleted. */
    DELETED("io.stateapi.key.deleted"),
    /**
     * {@code io.stateapi.key.expired}: the key's time to live ran out. It carries the version that
     * expired (no new version); a key created again after its expiry yields {@code expired}, then
     * {@code created} at the next version, whether or not DynamoDB's TTL sweeper ran in between.
     */
    EXPIRED("io.stateapi.key.expired"),
    /** A type this client does not know yet (a newer service); see {@link ChangeEvent#type()}. */
    OTHER(null);

    private final String cloudEventType;

    ChangeType(String cloudEventType) {
        this.cloudEventType = cloudEventType;
    }

    /** The CloudEvents {@code type} value, or {@code null} for {@link #OTHER}. */
    public String cloudEventType() {
        return cloudEventType;
    }

    public static ChangeType of(String cloudEventType) {
        for (ChangeType type : values()) {
            if (type.cloudEventType != null && type.cloudEventType.equals(cloudEventType)) {
                return type;
            }
        }
        return OTHER;
    }
}
