package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The service did not accept the caller's credential (HTTP 401): none was sent, or the token is
 * expired, not yet valid, forged, or for another issuer or audience. On AWS API Gateway's JWT
 * authorizer answers it ({@code {"message":"Unauthorized"}}), locally the gateway does the same;
 * the service's own problem type is {@code unauthenticated}. Nothing was read or written.
 *
 * <p>With {@code Auth.refreshingBearer} the client has already fetched a fresh token once and
 * sent the request again before reporting this; other credentials are not retried.
 */
public class UnauthorizedException extends AccessDeniedException {

    public UnauthorizedException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
