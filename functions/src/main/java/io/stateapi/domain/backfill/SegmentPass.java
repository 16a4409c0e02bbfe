package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run's work on one segment it holds (ADR 0058): pages of live keys with their values, in key
 * order from the checkpoint, each item upgraded, the checkpoint saved after every page (and when
 * the run's time or the rate stops it inside one). A run killed between two saves leaves the page
 * to the next, which recognises the items it had already upgraded ({@link ItemUpgrade}).
 */
final class SegmentPass {

    /** Most keys a page reads: a save per page is a few per cent of the writes. */
    static final int MAX_PAGE = 25;
    /** A page takes about this long at the segment's rate, far inside the lease. */
    private static final double PAGE_SECONDS = 10;

    private final StateStore store;
    private final ItemUpgrade upgrade;
    private final TenantNamespace namespace;
    private final TokenBucket bucket;
    private final int pageSize;
    private final Instant now;
    private final long deadlineNanos;

    SegmentPass(StateStore store, ItemUpgrade upgrade, TenantNamespace namespace, double itemsPerSecond,
                TokenBucket.Ticker ticker, Instant now, long deadlineNanos) {
        this.store = store;
        this.upgrade = upgrade;
        this.namespace = namespace;
        this.bucket = new TokenBucket(itemsPerSecond, ticker);
        this.pageSize = (int) Math.max(1, Math.min(MAX_PAGE, Math.floor(itemsPerSecond * PAGE_SECONDS)));
        this.now = now;
        this.deadlineNanos = deadlineNanos;
    }

    /** Works on the segment until it is done, the deadline passes, or the lease is lost; what it counted. */
    BackfillCounts run(BackfillLedger.SegmentHold hold) {
        BackfillSegment segment = hold.segment();
        BackfillCounts total = BackfillCounts.NONE;
        boolean firstPage = true;
        while (!segment.done() && System.nanoTime() - deadlineNanos < 0) {
            KeyPage page = store.list(namespace, new KeyQuery(KeyPrefix.NONE, segment.resumeAfter(), pageSize, true),
                    ReadConsistency.STRONG, now);
            BackfillCounts counts = BackfillCounts.NONE;
            List<FailedKey> failed = new ArrayList<>();
            Optional<Key> lastDone = segment.cursor();
            boolean finished = false;
            boolean stopped = false;
            for (ListedKey key : page.keys()) {
                if (segment.range().beyond(key.key())) {
                    finished = true;
                    break;
                }
                if (!bucket.take(deadlineNanos)) {
                    stopped = true;
                    break;
                }
                ItemUpgrade.Outcome outcome = upgrade.apply(key, firstPage);
                counts = counts.count(outcome);
                if (outcome instanceof ItemUpgrade.Outcome.Failed f) {
                    failed.add(f.key());
                }
                lastDone = Optional.of(key.key());
            }
            if (!finished && !stopped) {
                // The whole page is done: go on after it (it may end on a dead key past the last live one).
                finished = page.resumeAfter().isEmpty() || segment.range().beyond(page.resumeAfter().get());
                if (!finished) {
                    lastDone = page.resumeAfter();
                }
            }
            BackfillSegment next = segment.advanced(lastDone, finished, counts, failed);
            if (!hold.save(next)) {
                return total;   // another run took the segment over: this page is its to count
            }
            total = total.plus(counts);
            segment = next;
            firstPage = false;
            if (stopped) {
                break;
            }
        }
        return total;
    }
}
