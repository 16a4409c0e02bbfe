package io.stateapi.domain.exceptions;

/**
 * An idempotency key already names a different request (another key, value, precondition or
 * operation). Replaying the first outcome would report a write that was never asked for, and
 * writing would break the key's promise; the request is refused.
 */
public final class IdempotencyKeyReusedException extends StateApiException {

    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
