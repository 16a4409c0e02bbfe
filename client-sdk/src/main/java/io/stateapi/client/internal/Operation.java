package io.stateapi.client.internal;

import java.util.Map;

/**
 * What a request does, for listeners: a name and a path template, so that metrics are keyed by
 * operation, never by namespace or key. Derived from the request itself, so requests of new
 * operations are named without any change to the code that sends them.
 */
public record Operation(String name, String method, String pathTemplate) {

    static final String NAMESPACES = "/v1/namespaces";
    static final String NAMESPACE = NAMESPACES + "/{namespace}";
    static final String KEY = NAMESPACE + "/keys/{key}";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("GET " + KEY, "GetKey"),
            Map.entry("PUT " + KEY, "PutKey"),
            Map.entry("DELETE " + KEY, "DeleteKey"),
            Map.entry("PATCH " + KEY, "PatchKey"),
            Map.entry("GET " + NAMESPACE + "/keys", "ListKeys"),
            Map.entry("POST " + NAMESPACE + "/batch-get", "BatchGetKeys"),
            Map.entry("POST /v1/transactions", "CommitTransaction"),
            Map.entry("POST " + NAMESPACE + "/counters/{key}", "IncrementCounter"),
            Map.entry("PUT " + NAMESPACE + "/expiry/{key}", "SetExpiry"),
            Map.entry("GET " + NAMESPACES, "ListNamespaces"),
            Map.entry("PUT " + NAMESPACE, "PutNamespace"),
            Map.entry("GET " + NAMESPACE, "DescribeNamespace"),
            Map.entry("DELETE " + NAMESPACE, "DeleteNamespace"),
            Map.entry("GET " + NAMESPACE + "/purge", "DescribePurge"),
            Map.entry("GET " + NAMESPACE + "/changes", "WatchChanges"),
            Map.entry("GET " + NAMESPACE + "/changes/snapshot", "GetSnapshot"));

    /**
     * The operation of a request. Paths under a namespace are {@code /v1/namespaces/{namespace}},
     * then a collection, then a key (which may hold slashes); other paths keep their first two
     * segments. A request the table does not name is named by its method and template.
     */
    public static Operation of(String method, String path, String query) {
        String template = template(path);
        if (method.equals("DELETE") && template.equals(NAMESPACE) && query != null && query.contains("purge=true")) {
            return new Operation("PurgeNamespace", method, template);
        }
        return new Operation(NAMES.getOrDefault(method + " " + template, method + " " + template), method, template);
    }

    static String template(String path) {
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
        if (segments.length <= 2) {
            return path;
        }
        String root = "/" + segments[0] + "/" + segments[1];
        if (!root.equals(NAMESPACES)) {
            return root + "/{id}";
        }
        if (segments.length == 5 && segments[3].equals("changes") && segments[4].equals("snapshot")) {
            return NAMESPACE + "/changes/snapshot";  // a fixed route, not a key
        }
        return switch (segments.length) {
            case 3 -> NAMESPACE;
            case 4 -> NAMESPACE + "/" + segments[3];
            default -> NAMESPACE + "/" + segments[3] + "/{key}";
        };
    }
}
