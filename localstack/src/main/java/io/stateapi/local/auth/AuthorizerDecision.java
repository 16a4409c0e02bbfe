package io.stateapi.local.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/** What the gateway's authorizer decided about one request. */
public sealed interface AuthorizerDecision {

    /**
     * The request reaches the function with {@code context} as its
     * {@code requestContext.authorizer} ({@code null}: the route has no authorizer).
     */
    record Allowed(APIGatewayV2HTTPEvent.RequestContext.Authorizer context) implements AuthorizerDecision {
    }

    /**
     * The gateway answers 401 itself, with {@code wwwAuthenticate} as the {@code www-authenticate}
     * header; the function never sees the request.
     */
    record Refused(TokenRejection reason, String wwwAuthenticate) implements AuthorizerDecision {
    }
}
