package io.stateapi.domain.backfill;

import io.stateapi.domain.namespaces.NamespaceInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port to where backfills and their checkpoints are kept (ADR 0058). Reads are strongly
 * consistent. A segment is advanced only by the run that holds its lease, and every save is
 * conditioned on that hold, so two runs never both count one page.
 */
public interface BackfillLedger {

    /**
     * Records a backfill of {@code version} that starts now, unless one of it is running: then
     * nothing changes, and that one is answered ({@code started} false). A finished or cancelled
     * one is replaced.
     */
    Started start(NamespaceInfo namespace, long version, BackfillRequest request, Instant notBefore, Instant now);

    /** The namespace's backfill of {@code version}, running or ended; empty when there was none in this life of it. */
    Optional<BackfillStatus> status(NamespaceInfo namespace, long version, Instant now);

    /** Cancels it if it runs; answers its status after, empty when there is none. */
    Optional<BackfillStatus> cancel(NamespaceInfo namespace, long version, String reason, Instant now);

    /** Every running schema backfill, of every tenant (format backfills are {@link #running(Backfill.Kind)}'s). */
    List<Backfill> running();

    /** Every running backfill of {@code kind}, of every tenant. */
    List<Backfill> running(Backfill.Kind kind);

    /** As {@link #start}, of a backfill of {@code kind} to {@code target} (a schema version, or an item format). */
    Started start(NamespaceInfo namespace, Backfill.Kind kind, long target, BackfillRequest request, Instant notBefore,
                  Instant now);

    /** As {@link #status}, of a backfill of {@code kind}. */
    Optional<BackfillStatus> status(NamespaceInfo namespace, Backfill.Kind kind, long target, Instant now);

    /** As {@link #cancel}, of a backfill of {@code kind}. */
    Optional<BackfillStatus> cancel(NamespaceInfo namespace, Backfill.Kind kind, long target, String reason, Instant now);

    /**
     * Records how the backfill's namespace is split, with a segment per range, all at once; empty
     * when another run planned it first (or it no longer runs).
     */
    Optional<Backfill> plan(Backfill backfill, List<KeyRange> ranges, long plannedItems, Instant now);

    /** The planned backfill's segments, in order. */
    List<BackfillSegment> segments(Backfill backfill);

    /** Takes the segment's lease; empty when another run holds it. */
    Optional<SegmentHold> take(Backfill backfill, int segment);

    /** Ends a running backfill: {@code DONE} or {@code CANCELLED} (with why). Nothing when it no longer runs. */
    void finish(Backfill backfill, BackfillState state, Optional<String> reason, Instant now);

    /** One run's hold on one segment. */
    interface SegmentHold {

        /** The checkpoint as it was when the lease was taken, or as last saved by this hold. */
        BackfillSegment segment();

        /** Saves the checkpoint and renews the lease; false when the lease was lost (nothing saved). */
        boolean save(BackfillSegment next);

        /** Lets another run take the segment at once; never throws. */
        void release();
    }

    /** @param started whether this call started it (false: one was running, and is answered) */
    record Started(BackfillStatus status, boolean started) {
    }
}
