package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys after {@code after} (exclusive; empty: from the first) up to {@code upTo} (inclusive;
 * empty: to the last), in the store's key order (UTF-8 bytes). A plan's ranges follow each other
 * without gap or overlap, so every key, also one written after the plan, is in exactly one.
 */
public record KeyRange(Optional<Key> after, Optional<Key> upTo) {

    public KeyRange {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(upTo, "upTo");
    }

    /** Whether {@code key} lies beyond the range's end. */
    public boolean beyond(Key key) {
        return upTo.isPresent() && KeyOrder.compare(key, upTo.get()) > 0;
    }
}
