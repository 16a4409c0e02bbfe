package io.stateapi.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON documents as bytes, in and out, for the controllers that parse and render their own
 * ({@code NamespaceSettingsRequest}, {@code SchemaRequest}, {@code SubscriptionRequestBody} and
 * their representations): what they parse is exactly what the client sent, with the API's own
 * error for an empty or malformed body.
 */
final class RawBodies {

    private RawBodies() {
    }

    /**
     * The request body as sent (API Gateway's base64 undone), or null when there is none. Read from
     * the request rather than bound with {@code @Body}, which refuses an empty body before the
     * controller runs: for {@code PUT /v1/namespaces/{namespace}} an empty body means the defaults,
     * and the other routes answer a missing one with their own problem.
     */
    static byte[] body(HttpRequest<?> request) {
        if (!(request instanceof ServletHttpRequest<?, ?> servlet)) {
            return null;
        }
        try (InputStream body = servlet.getInputStream()) {
            return body.readAllBytes();
        } catch (IOException noBody) {
            // The API Gateway event carries no body (the adapter reports that as an IOException).
            return null;
        }
    }

    /** {@code response} with {@code body}, a rendered JSON document, as {@code application/json}. */
    static MutableHttpResponse<byte[]> json(MutableHttpResponse<byte[]> response, byte[] body) {
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }
}
