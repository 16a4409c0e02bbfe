package io.stateapi.domain.namespaces;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a namespace's purge is (ADR 0019).
 *
 * @param deletedKeys keys removed so far: state items that held a value (deleted keys'
 *                    tombstones go too, uncounted)
 * @param finishedAt  when the namespace was removed from the catalog; empty while it runs
 */
public record PurgeStatus(State state, long deletedKeys, Instant startedAt, Optional<Instant> finishedAt) {

    public PurgeStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (finishedAt.isPresent() != (state == State.DONE)) {
            throw new IllegalArgumentException("a purge has finishedAt exactly when it is done");
        }
    }

    /** A purge that has just started. */
    public static PurgeStatus started(Instant startedAt) {
        return new PurgeStatus(State.RUNNING, 0, startedAt, Optional.empty());
    }

    public enum State {
        /** Keys are being deleted; the namespace is {@code purging}. */
        RUNNING("running"),
        /** Every key is gone and so is the namespace. */
        DONE("done");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** As the API shows it and the catalog stores it. */
        public String label() {
            return label;
        }
    }
}
