package io.stateapi.domain.listing;

import io.stateapi.domain.Key;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one read of a key range found: its live keys in key order, and where the range goes on.
 *
 * @param resumeAfter the key the next read starts after; empty only when the range is exhausted.
 *                    It may be a key that is not in {@code keys} (a deleted or expired one the
 *                    read skipped), and a page may be short, even empty, and still have one: a
 *                    read stops early rather than go through an unbounded run of dead keys.
 */
public record KeyPage(List<ListedKey> keys, Optional<Key> resumeAfter) {

    public KeyPage {
        keys = List.copyOf(keys);
        Objects.requireNonNull(resumeAfter, "resumeAfter");
    }
}
