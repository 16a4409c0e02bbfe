package io.stateapi.local.auth;

import com.sun.net.httpserver.Headers;

/**
 * The local gateway's authorizer: decides from a request's headers whether it reaches the
 * function, and with what authorizer context, as API Gateway's authorizer of an HTTP API
 * route does.
 */
@FunctionalInterface
public interface GatewayAuthorizer {

    AuthorizerDecision authorize(Headers requestHeaders);

    /**
     * No authorizer: every request reaches the function without an authorizer context, as on a
     * route whose authorization type is {@code NONE}. The State API never deploys one (ADR 0010);
     * tests use it to show what the function does with such a request.
     */
    static GatewayAuthorizer none() {
        return headers -> new AuthorizerDecision.Allowed(null);
    }
}
