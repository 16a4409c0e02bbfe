package io.stateapi.local.events;

import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes as any tenant, end to end: over HTTP through a local stack's gateway, each request with
 * a token of that tenant from the tests' issuer ({@link TestStack#issuer()}), as that tenant's
 * clients would send them. The stack must trust that issuer.
 */
final class TenantWrites {

    private static final String SCOPES = "state:read state:write";

    private final Http http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    TenantWrites(URI api) {
        this.http = new Http(api);
    }

    /** {@code PUT} of {@code valueJson} as {@code tenant}; the status. */
    int put(String tenant, String namespace, String key, String valueJson) {
        return http.put(Http.keyPath(namespace, key), "{\"value\":" + valueJson + "}", authorization(tenant))
                .statusCode();
    }

    /** {@code DELETE} as {@code tenant}; the status. */
    int delete(String tenant, String namespace, String key) {
        return http.delete(Http.keyPath(namespace, key), authorization(tenant)).statusCode();
    }

    private String[] authorization(String tenant) {
        String token = tokens.computeIfAbsent(tenant, t -> TestStack.issuer().token(t, SCOPES));
        return new String[] {"Authorization", "Bearer " + token};
    }
}
