package io.stateapi.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.contracts.OpenApiContract;
import io.stateapi.json.StateJson;
import io.stateapi.local.LocalContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API (payload 2.0) events as a JWT authorizer hands them to the api function,
 * for any tenant, scopes and namespace grant, and the function's responses held against the
 * OpenAPI contract, as {@link Http} holds the local gateway's.
 */
final class ApiEvents {

    private final ApiFunction function;

    ApiEvents(ApiFunction function) {
        this.function = function;
    }

    /** A token's verdict: its tenant, its space-separated scopes, and its namespaces claim (null: every namespace). */
    record Token(String tenant, String scopes, String namespaces) {

        static Token of(String tenant, String scopes) {
            return new Token(tenant, scopes, null);
        }

        Token grantedOnly(String namespaces) {
            return new Token(tenant, scopes, namespaces);
        }
    }

    /** Sends one request; {@code target} is the raw path with an optional query ({@code /v1/namespaces?limit=2}). */
    Response send(Token token, String method, String target, String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/get-key.json");
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        event.setRawQueryString(query);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            parameters.merge(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)),
                    (a, b) -> a + "," + b);
        }
        event.setQueryStringParameters(parameters.isEmpty() ? null : parameters);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("accept", "application/json");
        if (body != null) {
            headers.put("content-type", "application/json");
            event.setBody(body);
            event.setIsBase64Encoded(false);
        } else {
            event.setBody(null);
        }
        event.setHeaders(headers);
        Map<String, String> claims = new HashMap<>(Map.of("iss", "https://idp.example.com/", "aud", "state-api",
                "sub", "service-of-" + token.tenant(), "tenant", token.tenant(), "scope", token.scopes()));
        if (token.namespaces() != null) {
            claims.put("namespaces", token.namespaces());
        }
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        event.getRequestContext().getAuthorizer().getJwt().setScopes(
                Arrays.stream(token.scopes().split(" ")).filter(s -> !s.isEmpty()).toList());
        Response response = new Response(function.handleRequest(event, new LocalContext()));
        List<String> violations = OpenApiContract.load().violations(method, path, response.status(),
                response.headers(), response.text());
        if (!violations.isEmpty()) {
            throw new AssertionError("response breaks contracts/openapi/state-api.yaml:\n  " + String.join("\n  ", violations));
        }
        return response;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** What the function answered. */
    record Response(APIGatewayV2HTTPResponse raw) {

        int status() {
            return raw.getStatusCode();
        }

        String text() {
            String body = raw.getBody();
            if (body == null) {
                return null;
            }
            return raw.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
        }

        JsonNode json() {
            return StateJson.parse(text().getBytes(StandardCharsets.UTF_8));
        }

        /** The problem type's slug, e.g. {@code namespace-not-found}. */
        String problem() {
            return json().get("type").asText().substring(ProblemType.BASE_URI.length());
        }

        String header(String name) {
            return raw.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        Map<String, List<String>> headers() {
            Map<String, List<String>> headers = new HashMap<>();
            if (raw.getHeaders() != null) {
                raw.getHeaders().forEach((k, v) -> headers.put(k, List.of(v)));
            }
            if (raw.getMultiValueHeaders() != null) {
                headers.putAll(raw.getMultiValueHeaders());
            }
            return headers;
        }
    }
}
