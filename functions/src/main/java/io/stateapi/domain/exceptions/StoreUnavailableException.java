package io.stateapi.domain.exceptions;

import java.time.Duration;

/**
 * The store could not be reached in time (throttling, timeouts, or contention that outlasted
 * the retries). Nothing was committed, or, for a timeout, the outcome is unknown: a write is
 * safe to repeat after a pause only with the same {@code Idempotency-Key} (a conditional one
 * too: {@code If-Match: *} or {@code If-None-Match: *} can hold again and apply it twice).
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
