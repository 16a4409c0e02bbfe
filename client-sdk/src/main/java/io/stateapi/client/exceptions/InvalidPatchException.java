package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The patch document is not one of its format (HTTP 400, problem type {@code invalid-patch}): a
 * JSON Patch operation with an unknown {@code op}, a missing or malformed {@code path}, more than
 * 1,000 operations. It fails the same way every time; nothing was written.
 */
public class InvalidPatchException extends InvalidRequestException {

    public InvalidPatchException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
