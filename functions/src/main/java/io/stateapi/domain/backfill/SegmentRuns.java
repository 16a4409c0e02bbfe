package io.stateapi.domain.backfill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * How either backfill kind works a run (ADR 0058, 0062): every unfinished segment in a thread of
 * its own, each under the lease it takes (a segment another run holds is skipped), the counts
 * summed, and the first failure thrown once every segment has ended, the others suppressed in it.
 */
final class SegmentRuns {

    private SegmentRuns() {
    }

    static BackfillCounts runAll(BackfillLedger ledger, Backfill backfill, List<BackfillSegment> open,
                                 String threadName, Function<BackfillLedger.SegmentHold, BackfillCounts> pass) {
        List<Future<BackfillCounts>> running = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(open.size(),
                Thread.ofPlatform().name(threadName, 0).daemon(true).factory())) {
            for (BackfillSegment segment : open) {
                running.add(threads.submit(() -> ledger.take(backfill, segment.index()).map(hold -> {
                    try {
                        return pass.apply(hold);
                    } finally {
                        hold.release();
                    }
                }).orElse(BackfillCounts.NONE)));
            }
            BackfillCounts total = BackfillCounts.NONE;
            RuntimeException first = null;
            for (Future<BackfillCounts> segment : running) {
                try {
                    total = total.plus(segment.get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause());
                    if (first == null) {
                        first = cause;
                    } else {
                        first.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while backfilling", e);
                }
            }
            if (first != null) {
                throw first;
            }
            return total;
        }
    }

    /**
     * {@code now} moved on by the time the run has taken since it {@code started} (nano time): when
     * a split or an end happened, for the rate (the run's {@code now} stays what every item's
     * decisions use).
     */
    static Instant later(Instant now, long started) {
        return now.plusNanos(System.nanoTime() - started);
    }
}
