package io.stateapi.domain.exceptions;

import java.time.Duration;

/**
 * A write without an {@code Idempotency-Key} may have been applied, and the store cannot tell
 * (ADR 0065): an attempt's answer was lost after it was sent, and before it could be recognised
 * by its write token another writer changed the key. Sending it again could apply it twice, so
 * nothing is sent again: the caller reads the key, or sends the request with an
 * {@code Idempotency-Key}, which makes a repeat safe.
 */
public final class OutcomeUnknownException extends StateApiException {

    private final Duration retryAfter;

    public OutcomeUnknownException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
