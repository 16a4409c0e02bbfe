package io.stateapi.domain.watch;

import java.util.List;
import java.util.Objects;

/**
 * What one read of the feed found.
 *
 * @param entries  the changes, in feed order
 * @param readUpTo a position at or after the last entry such that every matching change between
 *                 the read's start and it is among {@code entries}: where the next read starts
 */
public record FeedPage(List<FeedEntry> entries, FeedPosition readUpTo) {

    public FeedPage {
        entries = List.copyOf(entries);
        Objects.requireNonNull(readUpTo, "readUpTo");
    }
}
