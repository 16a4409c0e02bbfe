package io.stateapi.domain.backfill;

import io.stateapi.domain.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key range of a backfill and its checkpoint (ADR 0058): the last key done, whether the range
 * is finished, and what was counted in it. Saved after every page, under the segment's lease.
 *
 * @param cursor the last key done (empty: none yet; the range starts after {@code range.after()})
 * @param failed the first {@link #MAX_FAILED_KEYS} keys that failed (all are counted)
 */
public record BackfillSegment(int index, KeyRange range, Optional<Key> cursor, boolean done, BackfillCounts counts,
                              List<FailedKey> failed) {

    /** Failed keys kept per segment: the list is for finding the problem, the count is exact. */
    public static final int MAX_FAILED_KEYS = 25;

    public BackfillSegment {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(counts, "counts");
        failed = List.copyOf(failed);
    }

    /** A segment no run has worked on yet. */
    public static BackfillSegment planned(int index, KeyRange range) {
        return new BackfillSegment(index, range, Optional.empty(), false, BackfillCounts.NONE, List.of());
    }

    /** Where the next read starts after. */
    public Optional<Key> resumeAfter() {
        return cursor.isPresent() ? cursor : range.after();
    }

    /** The checkpoint after a page: its counts added, its failures kept while there is room. */
    BackfillSegment advanced(Optional<Key> lastDone, boolean finished, BackfillCounts page, List<FailedKey> pageFailures) {
        List<FailedKey> kept = new ArrayList<>(failed);
        for (FailedKey key : pageFailures) {
            if (kept.size() < MAX_FAILED_KEYS) {
                kept.add(key);
            }
        }
        return new BackfillSegment(index, range, lastDone, finished, counts.plus(page), kept);
    }
}
