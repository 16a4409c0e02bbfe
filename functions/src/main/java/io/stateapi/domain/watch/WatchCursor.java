package io.stateapi.domain.watch;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a watch stands (ADR 0037, 0060): its settled position, after which every change is still
 * to come exactly once, and, for a watch that asks for pending changes, the feed position of the
 * last pending change it was given, so that a long poll answers only for a newer one.
 *
 * @param settled     the settled feed's position
 * @param pendingMark the last pending change returned; empty when none is above {@code settled}
 */
record WatchCursor(FeedPosition settled, Optional<FeedPosition> pendingMark) {

    WatchCursor {
        Objects.requireNonNull(settled, "settled");
        // A mark the settled position has passed says nothing any more: those changes came settled.
        pendingMark = Objects.requireNonNull(pendingMark, "pendingMark").filter(mark -> mark.isAfter(settled));
    }

    static WatchCursor settledAt(FeedPosition settled) {
        return new WatchCursor(settled, Optional.empty());
    }

    /** Where reading pending changes starts: after the settle horizon, the settled position and the mark. */
    FeedPosition pendingFrom(long horizon) {
        FeedPosition from = latest(FeedPosition.boundary(horizon), settled);
        return pendingMark.map(mark -> latest(mark, from)).orElse(from);
    }

    private static FeedPosition latest(FeedPosition a, FeedPosition b) {
        return a.isAfter(b) ? a : b;
    }
}
