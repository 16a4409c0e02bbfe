package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run's work on one segment of a format backfill (ADR 0062), as {@link SegmentPass} is for a
 * schema backfill: pages of the segment's items, tombstones included, in key order from the
 * checkpoint; each item below the target format rewritten in place ({@link LayoutUpgrades}); the
 * checkpoint saved after every page. Counts: {@code upgraded} the items it rewrote,
 * {@code alreadyCurrent} those at the format already or moved on by a writer (who writes the new
 * format), {@code failed} none (a rewrite that cannot be done throws, and the next run retries the
 * page). A run killed between a rewrite and its page's save leaves the page to the next run, which
 * finds those items current: every item is counted once, possibly as current rather than rewritten.
 */
final class FormatSegmentPass {

    private final LayoutUpgrades layouts;
    private final TenantNamespace namespace;
    private final int toFormat;
    private final TokenBucket bucket;
    private final int pageSize;
    private final long deadlineNanos;

    FormatSegmentPass(LayoutUpgrades layouts, TenantNamespace namespace, int toFormat, double itemsPerSecond,
                      TokenBucket.Ticker ticker, long deadlineNanos) {
        this.layouts = layouts;
        this.namespace = namespace;
        this.toFormat = toFormat;
        this.bucket = new TokenBucket(itemsPerSecond, ticker);
        this.pageSize = (int) Math.max(1, Math.min(SegmentPass.MAX_PAGE, Math.floor(itemsPerSecond * 10)));
        this.deadlineNanos = deadlineNanos;
    }

    /** Works on the segment until it is done, the deadline passes, or the lease is lost; what it counted. */
    BackfillCounts run(BackfillLedger.SegmentHold hold) {
        BackfillSegment segment = hold.segment();
        BackfillCounts total = BackfillCounts.NONE;
        while (!segment.done() && System.nanoTime() - deadlineNanos < 0) {
            LayoutUpgrades.Page page = layouts.page(namespace, segment.resumeAfter(), pageSize);
            BackfillCounts counts = BackfillCounts.NONE;
            Optional<Key> lastDone = segment.cursor();
            boolean finished = false;
            boolean stopped = false;
            for (LayoutUpgrades.Listed item : page.items()) {
                if (segment.range().beyond(item.key())) {
                    finished = true;
                    break;
                }
                if (!bucket.take(deadlineNanos)) {
                    stopped = true;
                    break;
                }
                boolean rewritten = item.format() < toFormat
                        && layouts.rewrite(namespace, item.key(), item.version(), toFormat) == LayoutUpgrades.Outcome.REWRITTEN;
                counts = counts.plus(rewritten ? new BackfillCounts(1, 1, 0, 0) : new BackfillCounts(1, 0, 1, 0));
                lastDone = Optional.of(item.key());
            }
            if (!finished && !stopped) {
                finished = page.resumeAfter().isEmpty() || segment.range().beyond(page.resumeAfter().get());
                if (!finished) {
                    lastDone = page.resumeAfter();
                }
            }
            BackfillSegment next = segment.advanced(lastDone, finished, counts, List.of());
            if (!hold.save(next)) {
                return total;   // another run took the segment over: this page is its to count
            }
            total = total.plus(counts);
            segment = next;
            if (stopped) {
                break;
            }
        }
        return total;
    }
}
