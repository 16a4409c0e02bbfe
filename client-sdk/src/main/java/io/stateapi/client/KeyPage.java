package io.stateapi.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing by prefix ({@link StateNamespace#listPage(ListOptions)}).
 *
 * @param items      the keys on this page, in key order: {@link ListedKey}s, or {@link Versioned} values
 * @param nextCursor where the next page starts (opaque: pass it back as {@link ListOptions#cursor()}
 *                   with the same prefix); null only when the range is exhausted. A page may hold
 *                   fewer keys than asked for, even none, and still have one.
 * @param <E>        the type of the items
 */
public record KeyPage<E>(List<E> items, String nextCursor) {

    public KeyPage {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** Whether another page follows. */
    public boolean hasMore() {
        return nextCursor != null;
    }
}
