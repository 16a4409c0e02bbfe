package io.stateapi.domain.backfill;

import static io.stateapi.domain.backfill.SegmentRuns.later;

import io.stateapi.domain.StateStore;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.domain.schemas.ValueUpgrader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out the running backfills, a housekeeping run at a time (ADR 0058). For each: checks it
 * still applies (its namespace, in the same life, with its version active), waits for its
 * {@code notBefore}, splits the namespace once ({@link KeyRanges}), then works on its segments in
 * parallel, each under its lease, at the backfill's rate shared among them, until the run's budget
 * is spent; a backfill whose segments are all done is marked done. Safe to run concurrently with
 * itself: a segment is advanced by one run at a time.
 */
public final class SchemaBackfiller {

    private final BackfillLedger ledger;
    private final NamespaceCatalog namespaces;
    private final StateStore store;
    private final ValueUpgrader upgrader;
    private final ValueSchemas schemas;
    private final TokenBucket.Ticker ticker;

    public SchemaBackfiller(BackfillLedger ledger, NamespaceCatalog namespaces, StateStore store,
                            ValueUpgrader upgrader, ValueSchemas schemas) {
        this(ledger, namespaces, store, upgrader, schemas, TokenBucket.Ticker.SYSTEM);
    }

    public SchemaBackfiller(BackfillLedger ledger, NamespaceCatalog namespaces, StateStore store,
                            ValueUpgrader upgrader, ValueSchemas schemas, TokenBucket.Ticker ticker) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.store = Objects.requireNonNull(store, "store");
        this.upgrader = Objects.requireNonNull(upgrader, "upgrader");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Advances every running backfill within {@code budget}. A backfill that fails does not keep
     * the others from their turn; the first failure is thrown once all had theirs (its segments'
     * checkpoints are where the next run goes on).
     */
    public BackfillReport advance(Instant now, Duration budget) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        return BackfillReport.ofEach(ledger.running(), backfill -> advance(backfill, now, started, deadline));
    }

    private BackfillReport advance(Backfill backfill, Instant now, long started, long deadline) {
        Optional<NamespaceInfo> found = namespaces.find(backfill.namespace());
        Optional<String> stop = found.isEmpty() || !found.get().createdAt().equals(backfill.namespaceCreatedAt())
                ? Optional.of("the namespace was deleted")
                : found.get().status() == NamespaceStatus.PURGING ? Optional.of("the namespace is being purged")
                : found.get().schemaVersion().orElse(0) != backfill.version()
                ? Optional.of("schema version " + found.get().schemaVersion().orElse(0) + " became active: its backfill upgrades to it")
                : Optional.empty();
        if (stop.isPresent()) {
            ledger.finish(backfill, BackfillState.CANCELLED, stop, now);
            return new BackfillReport(0, 0, 1, 0);
        }
        if (now.isBefore(backfill.notBefore()) || System.nanoTime() - deadline >= 0) {
            return BackfillReport.STILL_RUNNING;
        }
        NamespaceInfo namespace = found.get();
        Optional<Backfill> withPlan = KeyRanges.plannedOnce(ledger, store, backfill, now, started, deadline);
        if (withPlan.isEmpty()) {
            return BackfillReport.STILL_RUNNING;   // another run planned it: the next run works on that plan
        }
        backfill = withPlan.get();
        BackfillCounts counted = work(backfill, namespace, now, deadline);
        if (ledger.segments(backfill).stream().allMatch(BackfillSegment::done)) {
            // It ended when its last segment did, not when the run began: its average rate is measured to then.
            ledger.finish(backfill, BackfillState.DONE, Optional.empty(), later(now, started));
            return new BackfillReport(counted.upgraded(), failed(backfill, counted), 1, 0);
        }
        return new BackfillReport(counted.upgraded(), failed(backfill, counted), 0, 1);
    }

    /** Every unfinished segment in a thread of its own, each at its share of the rate. */
    private BackfillCounts work(Backfill backfill, NamespaceInfo namespace, Instant now, long deadline) {
        List<BackfillSegment> open = ledger.segments(backfill).stream().filter(s -> !s.done()).toList();
        if (open.isEmpty()) {
            return BackfillCounts.NONE;
        }
        double share = (double) backfill.request().itemsPerSecond() / ledger.segments(backfill).size();
        ItemUpgrade upgrade = new ItemUpgrade(store, upgrader, schemas, namespace, backfill, now);
        return SegmentRuns.runAll(ledger, backfill, open, "backfill-segment-",
                hold -> new SegmentPass(store, upgrade, namespace.namespace(), share, ticker, now, deadline).run(hold));
    }

    /** Upgrades that failed: a dry run's are what it was asked to find, not failures (its status lists them). */
    private static long failed(Backfill backfill, BackfillCounts counted) {
        return backfill.request().dryRun() ? 0 : counted.failed();
    }
}
