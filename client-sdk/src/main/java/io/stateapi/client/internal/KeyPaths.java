package io.stateapi.client.internal;

import io.stateapi.client.exceptions.InvalidKeyException;
import io.stateapi.client.exceptions.InvalidNamespaceException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Request paths of namespaces and keys. A namespace name that passes {@link #checkNamespace} needs
 * no encoding. A key's {@code /} separates path segments; every other character that
 * is not unreserved in RFC 3986 is percent-encoded twice, segment by segment ({@code ?} becomes
 * {@code %253F}). The service reads the key part of the path decoded twice, because API Gateway
 * HTTP APIs decode it twice before the function sees it; so every key arrives exactly, behind
 * API Gateway or not (ADR 0009).
 *
 * <p>The client checks only what it needs to address a key at all (a key with an empty,
 * {@code .} or {@code ..} segment would be rewritten by URI normalisation on the way, and an
 * unpaired surrogate has no UTF-8 encoding); every other rule is the service's to enforce, so
 * there is one authority for it.
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

    /** The last segment of a key's history path. */
    static final String VERSIONS = "versions";

    /** {@code /v1/namespaces}: the collection of the caller's namespaces. */
    public static final String NAMESPACES = "/v1/namespaces";

    /** {@code /v1/namespaces/{ns}}, the name checked first. */
    public static String namespacePath(String namespace) {
        return NAMESPACES + "/" + checkNamespace(namespace);
    }

    /**
     * A query parameter's value, every byte but unreserved ones percent-encoded once (so an opaque
     * cursor's {@code +}, {@code /} and {@code =} arrive as sent, not as a space or a separator).
     */
    public static String queryValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** {@code /v1/namespaces/{ns}/{collection}/{key}} ({@code counters}, {@code expiry}), the key encoded as in {@link #keyPath}. */
    public static String collectionPath(String collection, String namespace, String key) {
        String keys = "/v1/namespaces/" + namespace + "/keys";
        return "/v1/namespaces/" + namespace + "/" + collection + keyPath(namespace, key).substring(keys.length());
    }

    /** {@code /v1/namespaces/{ns}/keys/{key}}, encoded. */
    public static String keyPath(String namespace, String key) {
        if (key == null || key.isEmpty()) {
            throw invalidKey("key must not be empty");
        }
        checkUnicode(key);
        StringBuilder path = new StringBuilder(64 + key.length()).append("/v1/namespaces/").append(namespace).append("/keys");
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                throw invalidKey("key must not start or end with '/' or contain '//': " + key);
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalidKey("key must not contain '.' or '..' segments: " + key);
            }
            // A path ending in "/versions" or "/versions/<n>/restore" is the key's history (ADR 0036):
            // the '/' before a "versions" segment goes encoded twice, which the service reads as '/'.
            path.append(i > 0 && segment.equals(VERSIONS) ? "%252F" : "/");
            encodeSegmentTwice(segment, path);
        }
        return path.toString();
    }

    /**
     * Percent-encodes every byte but unreserved ones, then the {@code %} of each escape again
     * ({@code %25}): after API Gateway's first decoding the path holds only unreserved characters
     * and escapes, so nothing in it can be cut ({@code ?}), split or read as form data ({@code +}).
     */
    private static void encodeSegmentTwice(String segment, StringBuilder out) {
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c)) {
                out.append((char) c);
            } else {
                out.append("%25").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** {@code String.getBytes} would silently turn an unpaired surrogate into {@code ?}: another key. */
    private static void checkUnicode(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalidKey("key must be valid Unicode: it holds an unpaired surrogate at index " + i
                        + ", which UTF-8 cannot carry");
            }
        }
    }

    private static InvalidKeyException invalidKey(String detail) {
        return new InvalidKeyException(detail, 0, INVALID_KEY, detail);
    }
}
