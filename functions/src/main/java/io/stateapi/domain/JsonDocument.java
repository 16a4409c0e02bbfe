package io.stateapi.domain;

import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.util.Objects;

/**
 * A stored value: any JSON text (object, array, string, number, boolean or null), already
 * checked for well-formedness and written in compact form by the one JSON configuration.
 * The service keeps the text as it is; it never interprets the value.
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

    private static int utf8Length(String s) {
        // Counting without encoding: values are up to 350 KiB and this runs on every write.
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
