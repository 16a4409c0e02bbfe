package io.stateapi.linearizability.keys;

/** One client of the State API as a workload drives it: HTTP, the SDK, or a fake in unit tests. */
@FunctionalInterface
public interface KeyClient {

    /**
     * Carries out one operation, with whatever retries the client makes, and returns its answer.
     *
     * @throws OutcomeUnknownException when no answer came (lost, timed out, 503 at the end of the retries)
     */
    KeyOutput execute(String key, KeyInput input) throws OutcomeUnknownException;

    /** The operation may or may not have taken effect. */
    final class OutcomeUnknownException extends Exception {
        public OutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
