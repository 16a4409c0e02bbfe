package io.stateapi.domain.backfill;

import static io.stateapi.domain.backfill.SegmentRuns.later;

import io.stateapi.domain.StateStore;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out the running format backfills (ADR 0062), a housekeeping run at a time, on the schema
 * backfill's machinery ({@link SchemaBackfiller}: the same ledger, split, leases, checkpoints and
 * rate) with a different item step: every item of the namespace, tombstones too, below the target
 * {@code itemFormat} is rewritten in place by {@link LayoutUpgrades} (no new version, no change
 * event). Its stop rules: the namespace deleted (or created again) or being purged; no schema
 * version check. Its {@code notBefore} is the operator's.
 */
public final class FormatBackfiller {

    private final BackfillLedger ledger;
    private final NamespaceCatalog namespaces;
    private final StateStore store;
    private final LayoutUpgrades layouts;
    private final TokenBucket.Ticker ticker;

    public FormatBackfiller(BackfillLedger ledger, NamespaceCatalog namespaces, StateStore store, LayoutUpgrades layouts) {
        this(ledger, namespaces, store, layouts, TokenBucket.Ticker.SYSTEM);
    }

    public FormatBackfiller(BackfillLedger ledger, NamespaceCatalog namespaces, StateStore store, LayoutUpgrades layouts,
                            TokenBucket.Ticker ticker) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.store = Objects.requireNonNull(store, "store");
        this.layouts = Objects.requireNonNull(layouts, "layouts");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Advances every running format backfill within {@code budget}; a failing one does not keep the
     * others from their turn, and the first failure is thrown once all had theirs.
     * {@code upgraded} in the report counts the items rewritten.
     */
    public BackfillReport advance(Instant now, Duration budget) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        return BackfillReport.ofEach(ledger.running(Backfill.Kind.FORMAT),
                backfill -> advance(backfill, now, started, deadline));
    }

    /** Why a format backfill no longer applies, if it does not. */
    static Optional<String> stop(Backfill backfill, Optional<NamespaceInfo> found) {
        if (found.isEmpty() || !found.get().createdAt().equals(backfill.namespaceCreatedAt())) {
            return Optional.of("the namespace was deleted");
        }
        return found.get().status() == NamespaceStatus.PURGING ? Optional.of("the namespace is being purged") : Optional.empty();
    }

    private BackfillReport advance(Backfill backfill, Instant now, long started, long deadline) {
        Optional<NamespaceInfo> found = namespaces.find(backfill.namespace());
        Optional<String> stop = stop(backfill, found);
        if (stop.isPresent()) {
            ledger.finish(backfill, BackfillState.CANCELLED, stop, now);
            return new BackfillReport(0, 0, 1, 0);
        }
        if (now.isBefore(backfill.notBefore()) || System.nanoTime() - deadline >= 0) {
            return BackfillReport.STILL_RUNNING;
        }
        Optional<Backfill> withPlan = KeyRanges.plannedOnce(ledger, store, backfill, now, started, deadline);
        if (withPlan.isEmpty()) {
            return BackfillReport.STILL_RUNNING;   // another run planned it: the next run works on that plan
        }
        backfill = withPlan.get();
        BackfillCounts counted = work(backfill, deadline);
        if (ledger.segments(backfill).stream().allMatch(BackfillSegment::done)) {
            ledger.finish(backfill, BackfillState.DONE, Optional.empty(), later(now, started));
            return new BackfillReport(counted.upgraded(), counted.failed(), 1, 0);
        }
        return new BackfillReport(counted.upgraded(), counted.failed(), 0, 1);
    }

    /** Every unfinished segment in a thread of its own, each at its share of the rate. */
    private BackfillCounts work(Backfill backfill, long deadline) {
        List<BackfillSegment> all = ledger.segments(backfill);
        List<BackfillSegment> open = all.stream().filter(s -> !s.done()).toList();
        if (open.isEmpty()) {
            return BackfillCounts.NONE;
        }
        double share = (double) backfill.request().itemsPerSecond() / all.size();
        int toFormat = Math.toIntExact(backfill.version());
        return SegmentRuns.runAll(ledger, backfill, open, "format-backfill-segment-",
                hold -> new FormatSegmentPass(layouts, backfill.namespace(), toFormat, share, ticker, deadline)
                        .run(hold));
    }
}
