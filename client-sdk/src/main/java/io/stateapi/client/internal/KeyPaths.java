package io.stateapi.client.internal;

import io.stateapi.client.exceptions.InvalidKeyException;
import io.stateapi.client.exceptions.InvalidNamespaceException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Request paths of keys. A key's {@code /} separates path segments; every other character that
 * is not unreserved in RFC 3986 is percent-encoded, segment by segment.
 *
 * <p>The client checks only what it needs to address a key at all (a key with an empty,
 * {@code .} or {@code ..} segment would be rewritten by URI normalisation on the way); every
 * other rule is the service's to enforce, so there is one authority for it.
 */
public final class KeyPaths {

    private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
    private static final URI INVALID_KEY = URI.create("https://stateapi.io/problems/invalid-key");
    private static final URI INVALID_NAMESPACE = URI.create("https://stateapi.io/problems/invalid-namespace");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private KeyPaths() {
    }

    public static String checkNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            String detail = "namespace must match " + NAMESPACE.pattern() + "; got: " + namespace;
            throw new InvalidNamespaceException(detail, 0, INVALID_NAMESPACE, detail);
        }
        return namespace;
    }

    /** {@code /v1/namespaces/{ns}/keys/{key}}, encoded. */
    public static String keyPath(String namespace, String key) {
        if (key == null || key.isEmpty()) {
            throw invalidKey("key must not be empty");
        }
        StringBuilder path = new StringBuilder(64 + key.length()).append("/v1/namespaces/").append(namespace).append("/keys");
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalidKey("key must not start or end with '/' or contain '//': " + key);
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalidKey("key must not contain '.' or '..' segments: " + key);
            }
            path.append('/');
            encodeSegment(segment, path);
        }
        return path.toString();
    }

    private static void encodeSegment(String segment, StringBuilder out) {
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static InvalidKeyException invalidKey(String detail) {
        return new InvalidKeyException(detail, 0, INVALID_KEY, detail);
    }
}
