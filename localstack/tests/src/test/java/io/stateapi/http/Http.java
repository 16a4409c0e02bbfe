package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.contracts.OpenApiContract;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A plain HTTP client for the end-to-end tests: what curl would send, nothing more. Every
 * response it receives is checked against the OpenAPI contract. Every request carries
 * {@code Authorization: Bearer} {@link TestStack#testToken()} unless the test passes an
 * {@code Authorization} header of its own, or the client is {@link #withoutToken made without one}.
 */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI base;
    /** The bearer token sent when a request has no {@code Authorization} header; null: none. */
    private final String token;

    public Http(URI base) {
        this(base, TestStack.testToken());
    }

    private Http(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A client that sends no {@code Authorization} header unless a request is given one. */
    public static Http withoutToken(URI base) {
        return new Http(base, null);
    }

    /** A client that acts with {@code token} (another tenant's, say) unless a request is given one. */
    public static Http withToken(URI base, String token) {
        return new Http(base, token);
    }

    public static String keyPath(String namespace, String key) {
        return "/v1/namespaces/" + namespace + "/keys/" + key;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public HttpResponse<String> put(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE().build());
    }

    /** Any method, any body bytes, any headers (no Content-Type is added). */
    public HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(request(path, headers).method(method, publisher).build());
    }

    public static JsonNode json(HttpResponse<String> response) {
        return StateJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        if (token != null && !hasAuthorization(headers)) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static boolean hasAuthorization(String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Authorization")) {
                return true;
            }
        }
        return false;
    }

    /** Sends the request and checks the response against the OpenAPI contract before returning it. */
    private static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            List<String> violations = OpenApiContract.load().violations(request.method(), request.uri().getRawPath(),
                    response.statusCode(), response.headers().map(), response.body());
            if (!violations.isEmpty()) {
                throw new AssertionError("response breaks contracts/openapi/state-api.yaml:\n  "
                        + String.join("\n  ", violations));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
