package io.stateapi.local.events;

import io.stateapi.http.Http;
import java.net.URI;
import java.net.http.HttpResponse;

/** Writes to one namespace through the local gateway over HTTP, as a client would (via {@link Http}). */
final class StateApiHttp {

    private final Http http;
    private final String namespace;

    StateApiHttp(URI api, String namespace) {
        this.http = new Http(api);
        this.namespace = namespace;
    }

    HttpResponse<String> put(String key, String valueJson) {
        return http.put(Http.keyPath(namespace, key), "{\"value\":" + valueJson + "}");
    }

    HttpResponse<String> putWithTtl(String key, String valueJson, long ttlSeconds) {
        return http.put(Http.keyPath(namespace, key), "{\"value\":" + valueJson + ",\"ttlSeconds\":" + ttlSeconds + "}");
    }

    HttpResponse<String> putIfMatch(String key, String valueJson, long version) {
        return http.put(Http.keyPath(namespace, key), "{\"value\":" + valueJson + "}", "If-Match", "\"" + version + "\"");
    }

    HttpResponse<String> delete(String key) {
        return http.delete(Http.keyPath(namespace, key));
    }

    HttpResponse<String> get(String key) {
        return http.get(Http.keyPath(namespace, key));
    }
}
