package io.stateapi.domain.exceptions;

import java.time.Duration;

/**
 * Another request with the same idempotency key is being committed at this moment; its
 * outcome is not known yet. Sending the request again after {@link #retryAfter()} replays it.
 */
public final class IdempotencyKeyInFlightException extends StateApiException {

    private final Duration retryAfter;

    public IdempotencyKeyInFlightException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
