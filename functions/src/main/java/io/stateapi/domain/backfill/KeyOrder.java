package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The order the store keeps keys in: DynamoDB compares sort keys as UTF-8 bytes, unsigned, which
 * is not {@link String#compareTo} (UTF-16 code units) once a key holds characters above U+FFFF.
 */
final class KeyOrder {

    private KeyOrder() {
    }

    static int compare(Key a, Key b) {
        return Arrays.compareUnsigned(a.value().getBytes(StandardCharsets.UTF_8), b.value().getBytes(StandardCharsets.UTF_8));
    }
}
