package io.stateapi.http;

import io.micronaut.http.HttpRequest;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidKeyException;

/**
 * The key a request addresses under {@code /v1/namespaces/{ns}/<collection>/{key}}
 * ({@code keys}, and any other per-key collection), read from the raw path.
 */
final class KeyPaths {

    private KeyPaths() {
    }

    /**
     * The key, decoded (twice, as API Gateway HTTP APIs decode it: ADR 0009) from the raw path
     * rather than taken from the router's binding: the router replaces invalid UTF-8 with U+FFFD
     * and drops a trailing slash, and either would silently address a different key than the one sent.
     *
     * @param collection the path segment before the key, e.g. {@code keys}
     * @param boundKey   the router's binding, used only when the path is not of the expected shape
     */
    static Key of(HttpRequest<?> request, String collection, String boundKey) {
        String path = request.getPath();
        String[] segments = path.split("/", 5);   // "", "v1", "namespaces", "{ns}", "<collection>/{key}"
        String prefix = collection + "/";
        String raw = segments.length == 5 && segments[4].startsWith(prefix)
                ? segments[4].substring(prefix.length()) : boundKey;
        if (raw.startsWith("/") || raw.endsWith("/")) {
            throw new InvalidKeyException("key must not start or end with '/' or contain '//'");
        }
        return Key.of(RawPaths.decodeKey(raw));
    }

    /**
     * As {@link #of(HttpRequest, String, String)}, for a path that goes on after the key
     * ({@code .../keys/{key}/versions}): the key part ends at {@code keyEnd} in the path.
     */
    static Key of(HttpRequest<?> request, String collection, String boundKey, int keyEnd) {
        String path = request.getPath();
        String[] segments = path.substring(0, Math.max(0, Math.min(keyEnd, path.length()))).split("/", 5);
        String prefix = collection + "/";
        String raw = segments.length == 5 && segments[4].startsWith(prefix)
                ? segments[4].substring(prefix.length()) : boundKey;
        if (raw.isEmpty() || raw.startsWith("/") || raw.endsWith("/")) {
            throw new InvalidKeyException("key must not be empty, start or end with '/' or contain '//'");
        }
        return Key.of(RawPaths.decodeKey(raw));
    }

    /** Encoded as clients send keys, so following it addresses this key behind API Gateway too. */
    static String location(Namespace namespace, Key key) {
        return "/v1/namespaces/" + namespace.value() + "/keys/" + RawPaths.encodeKey(key.value());
    }
}
