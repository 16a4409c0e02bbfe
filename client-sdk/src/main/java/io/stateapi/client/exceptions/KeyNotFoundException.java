package io.stateapi.client.exceptions;

import java.net.URI;

/** The key does not exist, or has expired (HTTP 404, problem type {@code not-found}). */
public class KeyNotFoundException extends StateApiException {

    public KeyNotFoundException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
