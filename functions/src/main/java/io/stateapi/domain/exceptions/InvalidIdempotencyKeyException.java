package io.stateapi.domain.exceptions;

/** An {@code Idempotency-Key} that is empty, too long, or holds characters it may not. */
public final class InvalidIdempotencyKeyException extends StateApiException {

    public InvalidIdempotencyKeyException(String message) {
        super(message);
    }
}
