package io.stateapi.local.events;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.stateapi.http.ApiFunction;
import io.stateapi.http.Http;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes as any tenant, at the function level: the real api function fed API Gateway events
 * carrying a JWT authorizer's verdict for that tenant (as API Gateway hands them over), so the
 * table's stream and the fan-out run for real.
 */
final class TenantWrites implements AutoCloseable {

    private static final String SCOPES = "state:read state:write";

    private final ApiFunction function;

    TenantWrites(StateApiResources resources) {
        this.function = ApiFunction.withProperties(LocalStack.functionProperties(TestStack.emulator().endpoint(), resources));
    }

    /** {@code PUT} of {@code valueJson} as {@code tenant}; the status. */
    int put(String tenant, String namespace, String key, String valueJson) {
        return send(event(tenant, "PUT", namespace, key, "{\"value\":" + valueJson + "}"));
    }

    /** {@code DELETE} as {@code tenant}; the status. */
    int delete(String tenant, String namespace, String key) {
        return send(event(tenant, "DELETE", namespace, key, null));
    }

    private int send(APIGatewayV2HTTPEvent event) {
        return function.handleRequest(event, new LocalContext()).getStatusCode();
    }

    private static APIGatewayV2HTTPEvent event(String tenant, String method, String namespace, String key, String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/put-key.json");
        String path = Http.keyPath(namespace, key);
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("if-none-match");
        headers.remove("content-length");
        event.setHeaders(headers);
        event.setBody(body);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = event.getRequestContext().getAuthorizer().getJwt();
        Map<String, String> claims = new HashMap<>(jwt.getClaims());
        claims.put("tenant", tenant);
        claims.put("sub", tenant + "-service");
        claims.put("scope", SCOPES);
        jwt.setClaims(claims);
        jwt.setScopes(List.of(SCOPES.split(" ")));
        return event;
    }

    @Override
    public void close() {
        function.close();
    }
}
