package io.stateapi.domain.watch;

import io.stateapi.domain.Key;
import io.stateapi.domain.history.HistoryEntry;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The feed index in memory, eventually consistent as a GSI is: a change recorded at
 * {@code feedAt} shows only from {@code feedAt + lag}, so a later-recorded change can show first.
 */
final class InMemoryChangeFeed implements ChangeFeed {

    private record Recorded(TenantNamespace namespace, FeedEntry entry, Instant visibleFrom) {
    }

    private final Clock clock;
    private final List<Recorded> recorded = new ArrayList<>();

    InMemoryChangeFeed(Clock clock) {
        this.clock = clock;
    }

    /** A change as the fan-out records it at {@code feedAt}, visible in the index {@code lag} later. */
    synchronized void record(TenantNamespace namespace, Key key, HistoryEntry change, Instant feedAt, Duration lag) {
        long seq = change.version().value() * 2 + (change.change().commitsVersion() ? 0 : 1);
        recorded.add(new Recorded(namespace, new FeedEntry(FeedPosition.of(feedAt.toEpochMilli(), key, seq), key, change),
                feedAt.plus(lag)));
    }

    @Override
    public synchronized FeedPage read(TenantNamespace namespace, KeyPrefix prefix, FeedPosition after, long until,
                                      int limit) {
        Instant now = clock.instant();
        List<FeedEntry> found = recorded.stream()
                .filter(r -> r.namespace().equals(namespace) && !r.visibleFrom().isAfter(now))
                .map(Recorded::entry)
                .filter(e -> prefix.matches(e.key()) && e.position().at() <= until && e.position().isAfter(after))
                .sorted(Comparator.comparing(FeedEntry::position))
                .toList();
        if (found.size() > limit) {
            List<FeedEntry> page = found.subList(0, limit);
            return new FeedPage(page, page.getLast().position());
        }
        FeedPosition reached = FeedPosition.boundary(until);
        return new FeedPage(found, reached.isAfter(after) ? reached : after);
    }
}
