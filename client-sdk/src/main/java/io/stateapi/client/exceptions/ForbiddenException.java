package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The credential is valid but does not allow this (HTTP 403): it lacks the scope the operation
 * needs ({@code state:read}, {@code state:write}, {@code state:admin}) or a grant for the
 * namespace (problem type {@code forbidden}), or an IAM policy or route scope refused it at
 * API Gateway ({@code {"message":"Forbidden"}}). Nothing was read or written; retrying will not help.
 */
public class ForbiddenException extends AccessDeniedException {

    public ForbiddenException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
