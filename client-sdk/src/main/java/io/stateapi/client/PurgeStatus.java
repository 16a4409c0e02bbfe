package io.stateapi.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The progress of a namespace's purge ({@link Namespaces#purge}, {@link Namespaces#purgeStatus}).
 *
 * @param state       running or done
 * @param deletedKeys keys deleted so far
 * @param startedAt   when the purge started
 * @param finishedAt  when it finished; null while it runs
 */
public record PurgeStatus(State state, long deletedKeys, Instant startedAt, Instant finishedAt) {

    public PurgeStatus {
        Objects.requireNonNull(state, "state");
    }

    /** Whether every key is deleted, and the namespace with them. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** When the purge finished; empty while it runs. */
    public Optional<Instant> finished() {
        return Optional.ofNullable(finishedAt);
    }

    /** Where a purge is. */
    public enum State {
        /** Deleting keys; it resumes by itself after interruptions. */
        RUNNING("running"),
        /** Every key and the namespace are gone. */
        DONE("done"),
        /** A state this client does not know yet (a newer service). */
        OTHER(null);

        private final String text;

        State(String text) {
            this.text = text;
        }

        /** The state as the service names it; null for {@link #OTHER}. */
        public String text() {
            return text;
        }

        public static State of(String text) {
            for (State state : values()) {
                if (state.text != null && state.text.equals(text)) {
                    return state;
                }
            }
            return OTHER;
        }
    }
}
