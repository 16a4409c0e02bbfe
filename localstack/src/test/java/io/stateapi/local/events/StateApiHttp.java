package io.stateapi.local.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Writes through the local gateway over HTTP, as a client would. */
final class StateApiHttp {

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI api;
    private final String namespace;

    StateApiHttp(URI api, String namespace) {
        this.api = api;
        this.namespace = namespace;
    }

    HttpResponse<String> put(String key, String valueJson) {
        return send(HttpRequest.newBuilder(uri(key)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + valueJson + "}")).build());
    }

    HttpResponse<String> putWithTtl(String key, String valueJson, long ttlSeconds) {
        return send(HttpRequest.newBuilder(uri(key)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"value\":" + valueJson + ",\"ttlSeconds\":" + ttlSeconds + "}")).build());
    }

    HttpResponse<String> putIfMatch(String key, String valueJson, long version) {
        return send(HttpRequest.newBuilder(uri(key)).header("Content-Type", "application/json")
                .header("If-Match", "\"" + version + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + valueJson + "}")).build());
    }

    HttpResponse<String> delete(String key) {
        return send(HttpRequest.newBuilder(uri(key)).DELETE().build());
    }

    HttpResponse<String> get(String key) {
        return send(HttpRequest.newBuilder(uri(key)).GET().build());
    }

    private URI uri(String key) {
        return api.resolve("/v1/namespaces/" + namespace + "/keys/" + key);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
