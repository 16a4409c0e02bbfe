package io.stateapi.domain.exceptions;

import java.time.Duration;

/**
 * The store could not be reached in time (throttling, timeouts, or contention that outlasted
 * the retries). Nothing was committed, or, for a timeout, the outcome is unknown and the
 * caller should read before retrying a non-idempotent write. Safe to retry after a pause.
 */
public final class StoreUnavailableException extends StateApiException {

    private final Duration retryAfter;

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
