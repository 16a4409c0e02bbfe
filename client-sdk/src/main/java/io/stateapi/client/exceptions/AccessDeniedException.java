package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The caller is not authenticated (HTTP 401, {@link UnauthorizedException}) or not allowed
 * (HTTP 403, {@link ForbiddenException}); check {@code Auth} and the credential's scopes and
 * grants. Catch this for both.
 */
public class AccessDeniedException extends StateApiException {

    public AccessDeniedException(String message, int status, String detail) {
        this(message, status, null, detail);
    }

    public AccessDeniedException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
