package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The request is malformed and will fail the same way every time (HTTP 400: problem types
 * {@code invalid-request}, {@code invalid-json}, {@code invalid-text}, {@code nesting-too-deep},
 * {@code invalid-precondition}; and the subclasses for keys and namespaces).
 */
public class InvalidRequestException extends StateApiException {

    public InvalidRequestException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
