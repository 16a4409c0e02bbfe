package io.stateapi.client.exceptions;

/** The caller is not authenticated (HTTP 401) or not allowed (HTTP 403); check {@code Auth}. */
public class AccessDeniedException extends StateApiException {

    public AccessDeniedException(String message, int status, String detail) {
        super(message, status, null, detail, null);
    }
}
