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
}
