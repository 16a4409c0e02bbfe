package io.stateapi.local;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the local gateway does to the request path before the function sees it as
 * {@code rawPath} (and {@code requestContext.http.path}). Chosen per gateway; the api function
 * must be told the same ({@link #arrivesDecoded()}, ADR 0009).
 */
public enum PathDecoding {

    /** The path as sent, still percent-encoded: what REST APIs and Lambda function URLs deliver. */
    AS_SENT {
        @Override
        public Optional<String> rawPath(String sentPath) {
            return Optional.of(sentPath);
        }
    },

    /**
     * The path as API Gateway HTTP APIs deliver it, after live captures (ADR 0009): decoded
     * once, cut at the first {@code ?} that decoding yields, decoded a second time; a request
     * whose path cannot be decoded is answered 400 by the gateway and never reaches the function.
     * A {@code +} stays a {@code +}; {@code //}, dot segments and a trailing {@code /} are kept.
     */
    HTTP_API {
        @Override
        public Optional<String> rawPath(String sentPath) {
            Optional<String> once = decode(sentPath);
            if (once.isEmpty()) {
                return Optional.empty();
            }
            int question = once.get().indexOf('?');
            return decode(question < 0 ? once.get() : once.get().substring(0, question));
        }
    };

    /**
     * The {@code rawPath} the function gets for a request sent with {@code sentPath} (the raw
     * path of the request line), or empty when the gateway itself rejects the request.
     */
    public abstract Optional<String> rawPath(String sentPath);

    /** The value of the api function's {@code state.http.path-arrives-decoded} that goes with this. */
    public boolean arrivesDecoded() {
        return this == HTTP_API;
    }

    /**
     * {@code STATE_API_DECODE_PATHS=true} (or {@code -Dstateapi.decodePaths=true}) selects
     * {@link #HTTP_API} for {@code make run}; anything else, or nothing, {@link #AS_SENT}.
     */
    public static PathDecoding fromEnvironment() {
        String value = System.getProperty("stateapi.decodePaths", System.getenv("STATE_API_DECODE_PATHS"));
        return Boolean.parseBoolean(value == null ? null : value.strip()) ? HTTP_API : AS_SENT;
    }

    /** Strict percent-decoding of UTF-8; empty when an escape is malformed or the bytes are not UTF-8. */
    private static Optional<String> decode(String path) {
        if (path.indexOf('%') < 0) {
            return Optional.of(path);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                int end = Character.isHighSurrogate(c) && i + 1 < path.length() ? i + 2 : i + 1;
                bytes.writeBytes(path.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
                continue;
            }
            int high = i + 1 < path.length() ? hex(path.charAt(i + 1)) : -1;
            int low = i + 2 < path.length() ? hex(path.charAt(i + 2)) : -1;
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
