package io.stateapi.resources;

import java.time.Duration;

/**
 * The housekeeping the expiry sweeper's runs also do (ADR 0019): namespace purges and the
 * purge of tombstones older than the retention.
 */
public final class Housekeeping {
    /**
     * How long after a purge starts, or a namespace's version floor is raised, before the
     * housekeeping relies on every api function instance knowing it: the namespace cache's
     * lifetime (10 s) plus the api function's longest timeout (10 s), and 10 s more for
     * clock differences between functions.
     */
    public static final Duration SETTLE = Duration.ofSeconds(30);
    /** How long the {@code done} status of a finished purge stays readable. */
    public static final Duration FINISHED_PURGE_RETENTION = Duration.ofDays(7);
    /**
     * Minutes between two runs of the expiry sweeper, which does this housekeeping too (an
     * EventBridge rule on AWS, a timer in the local stack): how late, at most and roughly, an
     * {@code expired} event is.
     */
    public static final int SWEEP_INTERVAL_MINUTES = 1;
    /** Tombstones kept this long when the environment does not say. */
    public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(30);
    /**
     * The shortest tombstone retention taken: the change queues' retention (14 days, longer
     * than the idempotency records' 24 h), so no replayed outcome or redelivered event can
     * name a version a key created again after its tombstone went could reuse.
     */
    public static final Duration MIN_TOMBSTONE_RETENTION = Duration.ofSeconds(Queues.RETENTION_SECONDS);

    private Housekeeping() {
    }
}
