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
 * Splits a namespace into key ranges of about equal numbers of live keys (ADR 0058): one read of
 * its keys without values (eventually consistent: a split need not be exact, only gapless),
 * keeping an evenly spaced sample of at most {@value #SAMPLE} keys, whose quantiles are the
 * boundaries. Keys are tenant-chosen strings, so no fixed split of the key space would balance.
 */
final class KeyRanges {

    /** Sample size: quantiles of 16 ranges from 2,048 to 4,096 keys are within a fraction of a percent. */
    static final int SAMPLE = 4096;
    private static final int PAGE = 1000;

    /** The ranges, and the live keys counted. */
    record Planned(List<KeyRange> ranges, long liveItems) {
    }

    private KeyRanges() {
    }

    /**
     * The backfill with its key ranges planned: as it is when it has a plan, else planned now (a
     * run {@code started} at that nano time) and recorded in the ledger; empty when another run
     * recorded its plan first (the next run works on that plan).
     */
    static Optional<Backfill> plannedOnce(BackfillLedger ledger, StateStore store, Backfill backfill, Instant now,
                                          long started, long deadlineNanos) {
        if (backfill.plan().isPresent()) {
            return Optional.of(backfill);
        }
        Planned planned = plan(store, backfill.namespace(), backfill.request().segments(), now, deadlineNanos);
        return ledger.plan(backfill, planned.ranges(), planned.liveItems(), SegmentRuns.later(now, started));
    }

    /**
     * Reads until the namespace's end or the deadline: a split cut short still covers every key
     * (its last range is open), it is only less even.
     */
    static Planned plan(StateStore store, TenantNamespace namespace, int segments, Instant now, long deadlineNanos) {
        List<Key> sample = new ArrayList<>();
        long stride = 1;
        long seen = 0;
        Optional<Key> after = Optional.empty();
        do {
            KeyPage page = store.list(namespace, new KeyQuery(KeyPrefix.NONE, after, PAGE, false),
                    ReadConsistency.EVENTUAL, now);
            for (ListedKey key : page.keys()) {
                if (seen % stride == 0) {
                    sample.add(key.key());
                }
                seen++;
                if (sample.size() >= 2 * SAMPLE) {
                    // Keep every second: the sample stays evenly spaced at twice the stride.
                    List<Key> halved = new ArrayList<>(SAMPLE);
                    for (int i = 0; i < sample.size(); i += 2) {
                        halved.add(sample.get(i));
                    }
                    sample = halved;
                    stride *= 2;
                }
            }
            after = page.resumeAfter();
        } while (after.isPresent() && System.nanoTime() - deadlineNanos < 0);
        return new Planned(ranges(sample, segments), seen);
    }

    /** {@code segments} ranges (fewer when there are fewer keys) cut at the sample's quantiles. */
    static List<KeyRange> ranges(List<Key> sample, int segments) {
        List<Key> bounds = new ArrayList<>();
        for (int i = 1; i < segments; i++) {
            int at = (int) ((long) sample.size() * i / segments);
            if (at < sample.size() && (bounds.isEmpty() || KeyOrder.compare(bounds.getLast(), sample.get(at)) < 0)) {
                bounds.add(sample.get(at));
            }
        }
        List<KeyRange> ranges = new ArrayList<>();
        Optional<Key> after = Optional.empty();
        for (Key bound : bounds) {
            ranges.add(new KeyRange(after, Optional.of(bound)));
            after = Optional.of(bound);
        }
        ranges.add(new KeyRange(after, Optional.empty()));
        return ranges;
    }
}
