package io.stateapi.client;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a namespace's backfill of a schema version is ({@link Namespaces#startBackfill},
 * {@link Namespaces#backfill}; the service's ADR 0058). Every live item it reached is counted in
 * {@code scanned} and in one of {@code upgraded}, {@code alreadyCurrent}, {@code failed}.
 *
 * @param failedKeys   the first keys that failed (at most 100; {@code failed} counts all)
 * @param plannedItems live items counted when the namespace was split; null before
 * @param rate         items reached per second so far while it runs; once it is over, its average
 *                     (the items it reached over the time from the split to {@code finishedAt})
 * @param finishedAt   null while it runs
 * @param estimatedEnd null when not running or not yet measurable
 * @param reason       why it was cancelled; null otherwise
 */
public record BackfillStatus(long version, State state, boolean dryRun, int segments, int itemsPerSecond,
                             long scanned, long upgraded, long alreadyCurrent, long failed, List<FailedKey> failedKeys,
                             Long plannedItems, Instant startedAt, Instant notBefore, Instant finishedAt, double rate,
                             Instant estimatedEnd, String reason) {

    public BackfillStatus {
        Objects.requireNonNull(state, "state");
        failedKeys = List.copyOf(failedKeys);
    }

    /** Whether it no longer runs (done, cancelled, or a state this client does not know). */
    public boolean isOver() {
        return state != State.RUNNING;
    }

    /** When it should end at the rate so far; empty when not running or not yet measurable. */
    public Optional<Instant> eta() {
        return Optional.ofNullable(estimatedEnd);
    }

    /**
     * A key the backfill left as it was; it stays readable at the version it was stored at.
     *
     * @param storedAt the schema version the value records; null when none
     */
    public record FailedKey(String key, Long storedAt, String reason) {
    }

    /** Where a backfill is. */
    public enum State {
        RUNNING, DONE, CANCELLED,
        /** A state this client does not know yet (a newer service). */
        OTHER;

        public static State of(String text) {
            for (State state : values()) {
                if (state != OTHER && state.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return state;
                }
            }
            return OTHER;
        }
    }
}
