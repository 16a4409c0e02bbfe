package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The write's {@code Idempotency-Key} was already used for a different request in this
 * namespace (HTTP 422, problem type {@code idempotency-key-reused}). Nothing was written. A key
 * names one logical write: give each write its own.
 */
public class IdempotencyKeyReusedException extends StateApiException {

    public IdempotencyKeyReusedException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
