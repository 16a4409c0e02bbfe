package io.stateapi.infra;

import java.util.List;

/**
 * Every endpoint the api function serves, as API Gateway routes. {@code {key+}} is a greedy
 * path variable: keys are hierarchical and may contain {@code /}.
 */
public final class ApiRoutes {

    public record Route(String method, String path) {
        /** The route key API Gateway shows, e.g. {@code GET /health}. */
        public String routeKey() {
            return method + " " + path;
        }
    }

    public static final String KEY_PATH = "/v1/namespaces/{namespace}/keys/{key+}";

    public static final List<Route> ALL = List.of(
            new Route("GET", "/health"),
            new Route("GET", KEY_PATH),
            new Route("PUT", KEY_PATH),
            new Route("DELETE", KEY_PATH));

    private ApiRoutes() {
    }
}
