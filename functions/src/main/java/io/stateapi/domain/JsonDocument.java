package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidTextException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.util.Objects;

/**
 * A stored value: any JSON text (object, array, string, number, boolean or null), already
 * checked for well-formedness and written in compact form by the one JSON configuration.
 * The service keeps the text as it is; it never interprets the value.
 *
 * <p>The text holds Unicode characters only: no lone UTF-16 surrogate, neither raw nor as a
 * {@code \\u} escape, in any string or member name. JSON's grammar allows one, but DynamoDB
 * stores UTF-8 and SQS accepts Unicode characters only, so such a value could be neither
 * stored nor published (ADR 0023).
 */
public record JsonDocument(String json) {

    /**
     * Largest value accepted, as compact UTF-8 JSON. DynamoDB items are limited to 400 KB;
     * this leaves room for the key (up to 1 KiB) and the item's bookkeeping attributes.
     */
    public static final int MAX_UTF8_BYTES = 350 * 1024;

    public JsonDocument {
        Objects.requireNonNull(json, "json");
        int bytes = utf8Length(json);
        if (bytes > MAX_UTF8_BYTES) {
            throw new PayloadTooLargeException("value of " + bytes + " bytes", MAX_UTF8_BYTES);
        }
    }

    public int utf8Bytes() {
        return utf8Length(json);
    }

    /**
     * Counts the text's UTF-8 bytes without encoding it and refuses lone surrogates on the
     * way: values are up to 350 KiB and this runs on every write, so it is one pass over the
     * characters, with no tree walk and no copy.
     */
    private static int utf8Length(String s) {
        int bytes = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
                if (c == '\\' && i + 1 < length) {
                    // An escape, so inside a string: all ASCII, but \\uXXXX may spell a surrogate.
                    int skipped = escapeLength(s, i);
                    bytes += skipped;
                    i += skipped;
                }
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                throw loneSurrogate(c, i);
            }
        }
        return bytes;
    }

    /** Characters of the escape starting at the backslash at {@code i}, after the backslash. */
    private static int escapeLength(String s, int i) {
        if (s.charAt(i + 1) != 'u') {
            return 1;
        }
        int unit = hex4(s, i + 2);
        if (unit < 0 || !Character.isSurrogate((char) unit)) {
            return unit < 0 ? 0 : 5;
        }
        if (Character.isHighSurrogate((char) unit) && s.startsWith("\\u", i + 6)) {
            int next = hex4(s, i + 8);
            if (next >= 0 && Character.isLowSurrogate((char) next)) {
                return 11;
            }
        }
        throw loneSurrogate((char) unit, i);
    }

    /** The four hex digits at {@code from} as a number, or -1 when there are not four. */
    private static int hex4(String s, int from) {
        if (from + 4 > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            char c = s.charAt(i);
            int digit = c < 0x80 ? Character.digit(c, 16) : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static InvalidTextException loneSurrogate(char c, int index) {
        return new InvalidTextException(String.format(
                "value holds a lone surrogate U+%04X (at character %d of its compact JSON); text must be Unicode "
                        + "characters, and a surrogate is one only as the first or second half of a pair", (int) c, index));
    }
}
