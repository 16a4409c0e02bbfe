package io.stateapi.http;

import io.stateapi.domain.exceptions.InvalidKeyException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request paths, and the key in them, as this API reads them (ADR 0009).
 *
 * <p>API Gateway HTTP APIs percent-decode the request path twice before the function sees it
 * (and cut it at a {@code ?} the first decoding produced); REST APIs, function URLs and the
 * local gateway by default hand it over as sent. So the API reads the key the way API Gateway
 * does, in every deployment: the key part of the path is percent-decoded twice
 * ({@link #decodeKey}); {@link #encodeKey} is its inverse. A path that arrives decoded is
 * encoded back twice ({@link #reencodeDecoded}), so the same rule reads the same key from it.
 * Decoding is strict: invalid UTF-8 or a malformed escape is an error, never a silent U+FFFD.
 */
public final class RawPaths {

    private static final String HEX = "0123456789ABCDEF";
    /** Characters that cannot stand literally in a path (RFC 3986), besides controls, space and non-ASCII. */
    private static final String NEVER_LITERAL = "\"<>\\^`{|}?#[]";

    private RawPaths() {
    }

    /**
     * The path in a form Micronaut's router can take, whatever the gateway did to it; the key
     * read from the result by {@link #decodeKey} is the one the client sent.
     *
     * @param decodedByGateway whether the gateway delivered the path percent-decoded (API
     *                         Gateway HTTP APIs do) rather than as sent
     */
    public static String routable(String rawPath, boolean decodedByGateway) {
        if (rawPath == null) {
            return null;
        }
        return decodedByGateway ? reencodeDecoded(rawPath) : escape(rawPath);
    }

    /**
     * Percent-encodes what cannot appear literally in an encoded path: controls, space,
     * non-ASCII, {@code " < > \ ^ ` { | } ? # [ ]}, and a {@code %} not followed by two hex digits.
     * An encoded path passes unchanged.
     */
    public static String escape(String path) {
        return escape(path, false);
    }

    /**
     * A path that API Gateway delivered decoded, encoded back twice: every {@code %} in it is a
     * literal, and so is every other character but {@code /}. Decoding the key part of the
     * result twice ({@link #decodeKey}) gives the key exactly as delivered.
     */
    public static String reencodeDecoded(String decodedPath) {
        return escape(decodedPath, true).replace("%", "%25");
    }

    /**
     * The key in the key part of a path ({@code users/42/cart}), percent-decoded twice, as API
     * Gateway HTTP APIs decode it.
     *
     * @throws InvalidKeyException when an escape is malformed or the bytes are not UTF-8 at
     *         either decoding, or the first decoding yields a {@code ?} (API Gateway cuts the
     *         path there, so such a request could not address the same key on AWS)
     */
    public static String decodeKey(String raw) {
        String once = decodeSegment(raw);
        if (once.indexOf('?') >= 0) {
            throw new InvalidKeyException("a '?' in a key must be percent-encoded twice (%253F): "
                    + "API Gateway cuts the path at a '?' that the first decoding yields");
        }
        try {
            return decodeSegment(once);
        } catch (InvalidKeyException e) {
            throw new InvalidKeyException("the key is percent-decoded twice, and its second decoding failed ("
                    + e.getMessage() + "); a literal '%' in a key is sent as %2525");
        }
    }

    /**
     * The key part of a path for {@code key}: each {@code /}-separated segment percent-encoded
     * twice (everything but RFC 3986 unreserved characters), the inverse of {@link #decodeKey}.
     * What survives API Gateway HTTP APIs for every key; the SDK encodes keys the same way.
     */
    public static String encodeKey(String key) {
        StringBuilder out = new StringBuilder(key.length() * 2);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '/' || isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append("%25").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    /**
     * {@code text} as one path segment: every byte but RFC 3986 unreserved ones as {@code %XX},
     * once, {@code /} included. What a principal's ARN is sent as (ADR 0018); it holds no
     * {@code %} or {@code ?}, so decoding it twice gives it back.
     */
    public static String encodeSegment(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    /**
     * Decodes percent-encoding (UTF-8) exactly once; {@code +} stays {@code +}.
     *
     * @throws InvalidKeyException when the bytes are not UTF-8 or an escape is malformed
     */
    public static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
                    throw new InvalidKeyException("key has a malformed percent-escape");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                byte[] encoded = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidKeyException("key is not valid percent-encoded UTF-8");
        }
    }

    private static String escape(String path, boolean percentIsLiteral) {
        if (path == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean keep = c > 0x20 && c < 0x7F && NEVER_LITERAL.indexOf(c) < 0
                    && (c != '%' || !percentIsLiteral && startsEscape(path, i));
            if (keep) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(path.length() + 16).append(path, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < path.length() ? i + 2 : i + 1;
            for (byte b : path.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
            i = end - 1;
        }
        return out == null ? path : out.toString();
    }

    private static boolean startsEscape(String path, int i) {
        return i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2));
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
