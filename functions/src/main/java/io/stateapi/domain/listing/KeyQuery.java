package io.stateapi.domain.listing;

import io.stateapi.domain.Key;
import java.util.Objects;
import java.util.Optional;

/**
 * One page's worth of a listing as the store reads it: keys with {@code prefix}, in key order,
 * after {@code after} (exclusive) when given, at most {@code limit} of them, with their values
 * when {@code values}.
 */
public record KeyQuery(KeyPrefix prefix, Optional<Key> after, int limit, boolean values) {

    public KeyQuery {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }
}
