package io.stateapi.local.bench.jmh;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.stateapi.local.auth.LocalIssuer;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API (payload 2.0) events as the JWT authorizer hands them to the api function,
 * for the bench tenant: the JMH benchmarks and the benches that feed the handler directly.
 */
public final class ApiEvents {

    static final String TENANT = "bench";
    static final String SCOPES = "state:read state:write";

    private ApiEvents() {
    }

    public static APIGatewayV2HTTPEvent event(String method, String path, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRawPath(path).withRawQueryString("")
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .build())
                        .withRequestId("jmh").withStage("$default")
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("iss", LocalIssuer.ISSUER, "aud", LocalIssuer.AUDIENCE,
                                                LocalIssuer.TENANT_CLAIM, TENANT, LocalIssuer.SCOPE_CLAIM, SCOPES))
                                        .withScopes(List.of(SCOPES.split(" ")))
                                        .build())
                                .build())
                        .build())
                .build();
    }
}
