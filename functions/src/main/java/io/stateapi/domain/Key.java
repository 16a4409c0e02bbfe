package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidKeyException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * A key within a namespace. Keys may be hierarchical ({@code users/42/cart}). They are
 * compared byte for byte, so a key is normalised to Unicode NFC first: "café" typed with a
 * combining accent and "café" typed with a precomposed one are the same key.
 */
public record Key(String value) {

    /** DynamoDB allows 1024 bytes for a sort key; the key is stored as the sort key. */
    public static final int MAX_UTF8_BYTES = 1024;

    public Key {
        if (value == null || value.isEmpty()) {
            throw new InvalidKeyException("key must not be empty");
        }
        value = Normalizer.normalize(value, Normalizer.Form.NFC);
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UTF8_BYTES) {
            throw new InvalidKeyException(
                    "key is " + bytes + " UTF-8 bytes; at most " + MAX_UTF8_BYTES + " are allowed");
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.isISOControl(cp)) {
                throw new InvalidKeyException("key must not contain control characters");
            }
            if (Character.getType(cp) == Character.SURROGATE) {
                throw new InvalidKeyException("key must be valid Unicode (unpaired surrogate)");
            }
            i += Character.charCount(cp);
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidKeyException(
                        "key must not start or end with '/' or contain '//'");
            }
            if (segment.equals(".") || segment.equals("..")) {
                // Proxies and clients resolve dot segments; such a key could not be addressed reliably.
                throw new InvalidKeyException("key must not contain '.' or '..' segments");
            }
        }
    }

    public static Key of(String value) {
        return new Key(value);
    }
}
