package io.stateapi.client.exceptions;

import java.net.URI;
import java.time.Duration;

/**
 * Another request with the same {@code Idempotency-Key} is still being processed (HTTP 409,
 * problem type {@code idempotency-key-in-flight}), and the client's retries ran out before it
 * finished. Its outcome will be this write's outcome; the client reports it as the cause of a
 * {@link WriteOutcomeUnknownException}. {@link #retryAfter()} is the service's advice.
 */
public class IdempotencyKeyInFlightException extends StateApiException {

    public IdempotencyKeyInFlightException(String message, int status, URI problemType, String detail, Duration retryAfter) {
        super(message, status, problemType, detail, retryAfter, null);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
