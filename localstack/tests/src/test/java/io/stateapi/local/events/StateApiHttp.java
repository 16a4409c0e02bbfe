package io.stateapi.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.http.Http;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes to one namespace and reads its history and watch through the local gateway over HTTP, as a client would (via {@link Http}). */
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

    /** The versions {@code GET .../keys/{key}/versions} lists (newest first), every page. */
    List<Long> versions(String key) {
        List<Long> versions = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = http.get(Http.keyPath(namespace, key) + "/versions"
                    + (cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            if (page.statusCode() != 200) {
                throw new IllegalStateException("versions of " + key + ": " + page.statusCode() + " " + page.body());
            }
            JsonNode body = Http.json(page);
            body.get("items").forEach(item -> versions.add(item.get("version").asLong()));
            cursor = body.path("nextCursor").isTextual() ? body.get("nextCursor").asText() : null;
        } while (cursor != null);
        return versions;
    }

    /** {@code PUT /v1/namespaces/{ns}} with the default settings. */
    HttpResponse<String> createNamespace() {
        return http.put("/v1/namespaces/" + namespace, "{}");
    }

    /** The cursor of a snapshot of the whole namespace: a watch from it misses no later change (ADR 0037). */
    String snapshotCursor() {
        HttpResponse<String> snapshot = http.get("/v1/namespaces/" + namespace + "/changes/snapshot");
        if (snapshot.statusCode() != 200) {
            throw new IllegalStateException("snapshot: " + snapshot.statusCode() + " " + snapshot.body());
        }
        return Http.json(snapshot).get("cursor").asText();
    }

    /** One long poll of the watch after {@code cursor}: {@code {"items": [...], "cursor"}}. */
    JsonNode changesAfter(String cursor) {
        HttpResponse<String> batch = http.get("/v1/namespaces/" + namespace + "/changes?waitSeconds=2&limit=100&after="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        if (batch.statusCode() != 200) {
            throw new IllegalStateException("watch: " + batch.statusCode() + " " + batch.body());
        }
        return Http.json(batch);
    }
}
