package io.stateapi.client;

import java.util.Objects;
import java.util.UUID;

/**
 * The identity of one logical write, sent as the {@code Idempotency-Key} request header (IETF
 * httpapi draft). The service applies a write at most once per key: a repeat with the same key
 * and the same request replays the first outcome ({@code Idempotent-Replayed: true}) and writes
 * nothing. Keys are scoped to the namespace and kept by the service for 24 h. Immutable.
 *
 * <p>The client makes a random one for every write by default; give your own
 * ({@link WriteOptions.Builder#idempotencyKey(IdempotencyKey)}) to tie a write to something of
 * yours (an order id, a message id), or to resolve a {@code WriteOutcomeUnknownException} by
 * sending the same write again with the key it carries. One key is for one logical write:
 * the same key with a different request is refused ({@code IdempotencyKeyReusedException}).
 */
public final class IdempotencyKey {

    /** The service's longest key. */
    public static final int MAX_LENGTH = 255;

    private final String value;

    private IdempotencyKey(String value) {
        this.value = value;
    }

    /**
     * A key of yours: 1 to 255 visible ASCII characters ({@code !} to {@code ~}, no spaces)
     * other than {@code "} and {@code \}, as the service accepts them in the sf-string the
     * client sends.
     *
     * @throws IllegalArgumentException when the service would refuse it
     */
    public static IdempotencyKey of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an idempotency key has 1 to " + MAX_LENGTH + " characters; got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                throw new IllegalArgumentException("an idempotency key holds only visible ASCII characters (0x21-0x7E)"
                        + " other than '\"' and '\\'; got " + String.format("U+%04X", (int) c) + " at index " + i);
            }
        }
        return new IdempotencyKey(value);
    }

    /** A fresh random key (a version 4 UUID): what the client sends unless told otherwise. */
    public static IdempotencyKey random() {
        return new IdempotencyKey(UUID.randomUUID().toString());
    }

    public String value() {
        return value;
    }

    /** The header's value: an RFC 8941 sf-string, as the draft specifies ({@code "…"}). */
    public String headerValue() {
        return '"' + value + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdempotencyKey other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "IdempotencyKey[" + value + "]";
    }
}
