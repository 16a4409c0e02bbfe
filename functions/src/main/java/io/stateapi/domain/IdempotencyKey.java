package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidIdempotencyKeyException;

/**
 * A client's name for one logical write ({@code Idempotency-Key}, IETF httpapi draft): the
 * first request's outcome is stored under it, and a repeat of the same request replays that
 * outcome instead of writing again.
 */
public record IdempotencyKey(String value) {

    /** Long enough for any UUID, ULID or hash a client uses; short enough to keep records small. */
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw new InvalidIdempotencyKeyException("Idempotency-Key must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidIdempotencyKeyException(
                    "Idempotency-Key is " + value.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new InvalidIdempotencyKeyException(
                        "Idempotency-Key must consist of visible ASCII characters (0x21 to 0x7E)");
            }
        }
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }
}
