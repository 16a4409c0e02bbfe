package io.stateapi.domain.watch;

import io.stateapi.domain.Key;
import io.stateapi.domain.history.HistoryEntry;
import java.util.Objects;

/** One change of a namespace's feed: where it stands, its key, and the change as the key's history holds it. */
public record FeedEntry(FeedPosition position, Key key, HistoryEntry change) {

    public FeedEntry {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(change, "change");
    }
}
