package io.stateapi.domain.listing;

import io.stateapi.domain.Key;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.InvalidTextException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Objects;

/**
 * The start every listed key has; empty lists every key. Normalised to Unicode NFC as keys are,
 * so a prefix typed with a combining accent finds the keys written with a precomposed one.
 */
public record KeyPrefix(String value) {

    public static final KeyPrefix NONE = new KeyPrefix("");

    public KeyPrefix {
        Objects.requireNonNull(value, "value");
        // Refused before normalising: DynamoDB stores UTF-8 and could not take a lone surrogate (ADR 0023).
        if (value.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
            throw new InvalidTextException("prefix must be valid Unicode (unpaired surrogate)");
        }
        value = Normalizer.normalize(value, Normalizer.Form.NFC);
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Key.MAX_UTF8_BYTES) {
            throw new InvalidRequestException("prefix is " + bytes + " UTF-8 bytes; keys have at most " + Key.MAX_UTF8_BYTES);
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("prefix must not contain control characters (no key does)");
        }
    }

    public static KeyPrefix of(String value) {
        return value == null ? NONE : new KeyPrefix(value);
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Whether {@code key} is in the range this prefix names. */
    public boolean matches(Key key) {
        return key.value().startsWith(value);
    }
}
