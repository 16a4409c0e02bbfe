package io.stateapi.infra;

import java.util.List;

/**
 * Every endpoint the api function serves, as API Gateway routes: an endpoint without its route
 * answers 404 on AWS (the local gateway hands every path to the function, so only the infra
 * tests can tell). A greedy path variable ({@code {key+}}) may span segments: keys are
 * hierarchical, and a principal's ARN holds a {@code /} that API Gateway decodes from
 * {@code %2F} before it matches routes (ADR 0009, 0018). A greedy variable must end its route, so
 * a key's history ({@code .../keys/{key}/versions}, {@code .../versions/{n}/restore}, ADR 0036)
 * travels on the key's own routes ({@code GET} and {@code POST}) and the function tells them apart.
 */
public final class ApiRoutes {

    public record Route(String method, String path) {
        /** The route key API Gateway shows, e.g. {@code GET /health}. */
        public String routeKey() {
            return method + " " + path;
        }
    }

    public static final String KEY_PATH = "/v1/namespaces/{namespace}/keys/{key+}";
    public static final String COUNTER_PATH = "/v1/namespaces/{namespace}/counters/{key+}";
    public static final String EXPIRY_PATH = "/v1/namespaces/{namespace}/expiry/{key+}";
    /** A namespace's keys by prefix (ADR 0026): the collection itself, which {@code {key+}} does not match. */
    public static final String KEYS_PATH = "/v1/namespaces/{namespace}/keys";
    /** The resumable watch of a namespace's changes and its snapshot (ADR 0037). */
    public static final String CHANGES_PATH = "/v1/namespaces/{namespace}/changes";
    public static final String CHANGES_SNAPSHOT_PATH = "/v1/namespaces/{namespace}/changes/snapshot";
    /** A namespace's subscriptions, each with its own queue (ADR 0038). */
    public static final String SUBSCRIPTIONS_PATH = "/v1/namespaces/{namespace}/subscriptions";
    public static final String SUBSCRIPTION_PATH = "/v1/namespaces/{namespace}/subscriptions/{subscription}";
    public static final String NAMESPACES_PATH = "/v1/namespaces";
    public static final String NAMESPACE_PATH = "/v1/namespaces/{namespace}";
    public static final String PURGE_PATH = "/v1/namespaces/{namespace}/purge";
    /** A namespace's schema versions (ADR 0052). */
    public static final String SCHEMAS_PATH = "/v1/namespaces/{namespace}/schemas";
    public static final String SCHEMA_PATH = "/v1/namespaces/{namespace}/schemas/{version}";
    /** The backfill that upgrades a namespace's stored values to a schema version (ADR 0058). */
    public static final String BACKFILL_PATH = "/v1/namespaces/{namespace}/schemas/{version}/backfill";
    public static final String TRANSACTIONS_PATH = "/v1/transactions";
    public static final String BATCH_GET_PATH = "/v1/namespaces/{namespace}/batch-get";
    public static final String PRINCIPALS_PATH = "/v1/admin/principals";
    public static final String PRINCIPAL_PATH = "/v1/admin/principals/{principal+}";

    public static final List<Route> ALL = List.of(
            new Route("GET", "/health"),
            new Route("GET", KEY_PATH),
            new Route("PUT", KEY_PATH),
            new Route("PATCH", KEY_PATH),
            new Route("DELETE", KEY_PATH),
            // a restore, POST .../keys/{key}/versions/{n}/restore (ADR 0036)
            new Route("POST", KEY_PATH),
            new Route("POST", COUNTER_PATH),
            new Route("PUT", EXPIRY_PATH),
            new Route("GET", KEYS_PATH),
            new Route("GET", CHANGES_PATH),
            new Route("GET", CHANGES_SNAPSHOT_PATH),
            new Route("GET", SUBSCRIPTIONS_PATH),
            new Route("POST", SUBSCRIPTIONS_PATH),
            new Route("GET", SUBSCRIPTION_PATH),
            new Route("DELETE", SUBSCRIPTION_PATH),
            new Route("GET", NAMESPACES_PATH),
            new Route("GET", NAMESPACE_PATH),
            new Route("PUT", NAMESPACE_PATH),
            new Route("DELETE", NAMESPACE_PATH),
            new Route("GET", PURGE_PATH),
            new Route("GET", SCHEMAS_PATH),
            new Route("GET", SCHEMA_PATH),
            new Route("PUT", SCHEMA_PATH),
            new Route("POST", BACKFILL_PATH),
            new Route("GET", BACKFILL_PATH),
            new Route("DELETE", BACKFILL_PATH),
            new Route("POST", TRANSACTIONS_PATH),
            new Route("POST", BATCH_GET_PATH),
            new Route("GET", PRINCIPALS_PATH),
            new Route("GET", PRINCIPAL_PATH),
            new Route("PUT", PRINCIPAL_PATH),
            new Route("DELETE", PRINCIPAL_PATH));

    private ApiRoutes() {
    }
}
