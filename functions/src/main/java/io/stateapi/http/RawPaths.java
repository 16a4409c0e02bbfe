package io.stateapi.http;

import io.stateapi.domain.exceptions.InvalidKeyException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request paths as the api function receives them.
 *
 * <p>API Gateway HTTP APIs hand the function a percent-decoded {@code rawPath}, while the
 * local gateway (like REST APIs and function URLs) hands it still encoded. {@link #escape}
 * makes either form a valid encoded path without changing an encoded one, and
 * {@link #decodeSegment} decodes strictly: invalid UTF-8 is an error, never a silent U+FFFD.
 */
public final class RawPaths {

    private static final String HEX = "0123456789ABCDEF";

    private RawPaths() {
    }

    /**
     * Percent-encodes what cannot appear literally in an encoded path: controls, space,
     * non-ASCII, {@code " < > \ ^ ` { | } ? #}, and a {@code %} not followed by two hex digits.
     */
    public static String escape(String path) {
        if (path == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean keep = c > 0x20 && c < 0x7F && "\"<>\\^`{|}?#".indexOf(c) < 0
                    && (c != '%' || (i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))));
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
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
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

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
