package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidKeyException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * A key within a namespace. Keys may be hierarchical ({@code users/42/cart}); they are
 * compared byte for byte, so the rules below make sure one key has one spelling.
 */
public record Key(String value) {

    /** DynamoDB allows 1024 bytes for a sort key; the key is stored as the sort key. */
    public static final int MAX_UTF8_BYTES = 1024;

    public Key {
        if (value == null || value.isEmpty()) {
            throw new InvalidKeyException("key must not be empty");
        }
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
        if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
            // Two spellings of the same text would otherwise be two keys.
            throw new InvalidKeyException("key must be in Unicode normalisation form C (NFC)");
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
