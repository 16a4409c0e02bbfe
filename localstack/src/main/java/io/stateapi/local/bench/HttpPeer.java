package io.stateapi.local.bench;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A state API over HTTP, this project's or Dapr's sidecar's, with the one Java HTTP/1.1 client
 * both are measured with; the two differ only in how a request and its answer are spelled.
 * A 429 or 503 is sent again after a pause (as a client would) and counted.
 */
abstract class HttpPeer implements PeerClient {

    private static final long PAUSE_MILLIS = 100;

    private final HttpClient http;
    private final AtomicLong refusals = new AtomicLong();

    HttpPeer(HttpClient http) {
        this.http = http;
    }

    /** This project's API: GET and PUT on {@code /v1/namespaces/{ns}/keys/{key}}, {@code If-Match: "<version>"}. */
    static HttpPeer stateApi(HttpClient http, URI api, String authorization, String namespace) {
        return new HttpPeer(http) {
            private HttpRequest.Builder request(String key) {
                return HttpRequest.newBuilder(api.resolve("/v1/namespaces/" + namespace + "/keys/" + key))
                        .header("Authorization", authorization);
            }

            @Override
            HttpRequest read(String key) {
                return request(key).GET().build();
            }

            @Override
            HttpRequest write(String key, String json, String etag) {
                HttpRequest.Builder put = request(key).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + json + "}"));
                return (etag == null ? put : put.header("If-Match", etag)).build();
            }

            @Override
            String value(String body) {
                try (JsonReader reader = Json.createReader(new StringReader(body))) {
                    return reader.readObject().get("value").toString();
                }
            }

            @Override
            int mismatch() {
                return 412;
            }
        };
    }

    /**
     * Dapr's sidecar: {@code GET /v1.0/state/{store}/{key}?consistency=strong} answers the value
     * itself and an {@code ETag} header (204 when absent); {@code POST /v1.0/state/{store}} takes a
     * list of items, an item's {@code etag} makes it first-write-wins, and a mismatch is a 409.
     */
    static HttpPeer daprd(HttpClient http, URI sidecar, String store) {
        return new HttpPeer(http) {
            @Override
            HttpRequest read(String key) {
                return HttpRequest.newBuilder(sidecar.resolve("/v1.0/state/" + store + "/" + key + "?consistency=strong"))
                        .GET().build();
            }

            @Override
            HttpRequest write(String key, String json, String etag) {
                String item = "{\"key\":\"" + key + "\",\"value\":" + json
                        + (etag == null ? "" : ",\"etag\":" + Json.createValue(etag)
                        + ",\"options\":{\"concurrency\":\"first-write\",\"consistency\":\"strong\"}") + "}";
                return HttpRequest.newBuilder(sidecar.resolve("/v1.0/state/" + store))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[" + item + "]")).build();
            }

            @Override
            String value(String body) {
                return body;
            }

            @Override
            int mismatch() {
                return 409;
            }
        };
    }

    abstract HttpRequest read(String key);

    /** A write, conditional on {@code etag} when it is not null. */
    abstract HttpRequest write(String key, String json, String etag);

    /** The value's JSON in a read's body. */
    abstract String value(String body);

    /** The status of a write whose ETag no longer matched. */
    abstract int mismatch();

    @Override
    public void set(String key, String json) throws Exception {
        expectSuccess(send(write(key, json, null)));
    }

    @Override
    public Optional<Versioned> get(String key) throws Exception {
        HttpResponse<String> response = send(read(key));
        if (response.statusCode() == 404 || response.statusCode() == 204) {
            return Optional.empty();
        }
        expectSuccess(response);
        String etag = response.headers().firstValue("ETag")
                .orElseThrow(() -> new IllegalStateException("no ETag: " + response.uri()));
        return Optional.of(new Versioned(value(response.body()), etag));
    }

    @Override
    public boolean setIfMatch(String key, String json, String etag) throws Exception {
        HttpResponse<String> response = send(write(key, json, etag));
        if (response.statusCode() == mismatch()) {
            return false;
        }
        expectSuccess(response);
        return true;
    }

    @Override
    public long refusals() {
        return refusals.get();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        while (true) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 429 && response.statusCode() != 503) {
                return response;
            }
            refusals.incrementAndGet();
            Thread.sleep(PAUSE_MILLIS);
        }
    }

    private static void expectSuccess(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }
}
