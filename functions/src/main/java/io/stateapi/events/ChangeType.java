package io.stateapi.events;

/** What a committed change did to a key; the suffix of the change event's CloudEvents {@code type}. */
public enum ChangeType {
    /** The key got a value while it had none (first write, or after a delete or expiry). */
    CREATED,
    /** The key's value was replaced while it was live. */
    UPDATED,
    /** The key was deleted through the API (or its item removed outside the API). */
    DELETED,
    /** The key's time to live passed: the expiry sweeper found it, or a create found it expired first. */
    EXPIRED;

    /** Prefix of every change event's CloudEvents {@code type}. */
    public static final String TYPE_PREFIX = "io.stateapi.key.";

    public String cloudEventType() {
        return TYPE_PREFIX + name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * What the change did to the number of live keys in its namespace: a key's life starts with
     * exactly one {@code created} and ends with exactly one {@code deleted} or {@code expired}
     * (the mapper reports an expiry noticed by a create as {@code expired} then {@code created}).
     */
    public int liveKeysDelta() {
        return switch (this) {
            case CREATED -> 1;
            case UPDATED -> 0;
            case DELETED, EXPIRED -> -1;
        };
    }
}
