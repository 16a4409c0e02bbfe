package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The cursor passed to a listing is not one the service issued for it (HTTP 400
 * {@code invalid-cursor}): altered, cut short, of another namespace or prefix, or issued before
 * the deployment's cursor key changed. Start the listing again from the first page.
 */
public class InvalidCursorException extends InvalidRequestException {

    public InvalidCursorException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
