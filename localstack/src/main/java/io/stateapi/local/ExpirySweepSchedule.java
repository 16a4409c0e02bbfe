package io.stateapi.local;

import io.stateapi.dynamodb.ItemLayout;
import io.stateapi.expiry.ExpirySweepFunction;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local stack's stand-in for the CDK app's EventBridge rule: runs the real
 * {@link ExpirySweepFunction} every {@link Housekeeping#SWEEP_INTERVAL_MINUTES}
 * against the emulator's table, so {@code make run} publishes {@code expired} events as AWS
 * does, and its housekeeping (namespace purges, old tombstones; ADR 0019). Besides, it advances
 * the running namespace purges every {@link #PURGE_INTERVAL}, so a purge on a laptop finishes
 * in about {@link Housekeeping#SETTLE} rather than minutes, and the running schema and format backfills every
 * {@link #BACKFILL_INTERVAL} for at most {@link #BACKFILL_BUDGET} (ADR 0058). Tests that need a
 * sweep at a chosen time call the sweeper directly with an explicit {@code now} and may switch
 * this off.
 */
public final class ExpirySweepSchedule implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofMinutes(Housekeeping.SWEEP_INTERVAL_MINUTES);
    /** How often the local stack advances running namespace purges between the scheduled runs. */
    public static final Duration PURGE_INTERVAL = Duration.ofSeconds(2);
    /** How often the local stack advances running schema and format backfills between the scheduled runs. */
    public static final Duration BACKFILL_INTERVAL = Duration.ofSeconds(2);
    /** The time budget of each of those runs: a backfill's segments save their checkpoints at its end. */
    public static final Duration BACKFILL_BUDGET = Duration.ofSeconds(10);

    private final ExpirySweepFunction function;
    private final ScheduledExecutorService timer;
    private final AtomicLong runs = new AtomicLong();
    private volatile boolean enabled = true;

    private ExpirySweepSchedule(ExpirySweepFunction function, Duration interval) {
        this.function = function;
        // Two threads: a backfill's run of several seconds does not hold up the purges' ticks.
        this.timer = Executors.newScheduledThreadPool(2, Thread.ofPlatform()
                .name("expiry-sweep-schedule-", 0).daemon(true).factory());
        timer.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::advancePurges, PURGE_INTERVAL.toMillis(), PURGE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::advanceBackfills, BACKFILL_INTERVAL.toMillis(), BACKFILL_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts running sweeps on {@code resources}' table every {@link #INTERVAL}, the first one interval from now. */
    public static ExpirySweepSchedule start(URI endpoint, StateApiResources resources) {
        // Each run's figures are metrics on AWS; locally the expired events themselves show the effect.
        EmbeddedMetrics quiet = new EmbeddedMetrics(resources.environment(), line -> { }, Clock.systemUTC());
        ExpirySweepFunction function = new ExpirySweepFunction(new ExpirySweepFunction.Configuration(
                resources.environment(), resources.tableName(), resources.idempotencyTableName(),
                resources.catalogTableName(), Housekeeping.DEFAULT_TOMBSTONE_RETENTION, endpoint,
                List.of(), ItemLayout.parse(LocalStack.itemWriteFormat())), quiet, Clock.systemUTC());
        return new ExpirySweepSchedule(function, INTERVAL);
    }

    private void run() {
        if (!enabled) {
            return;
        }
        try {
            function.handleRequest(Map.of(), new LocalContext());
            runs.incrementAndGet();
        } catch (RuntimeException e) {
            // As on AWS, a failed run is followed by the next scheduled one.
            System.err.println("expiry sweep failed; the next run carries on: " + e);
        }
    }

    private void advancePurges() {
        if (!enabled) {
            return;
        }
        try {
            function.advancePurges();
        } catch (RuntimeException e) {
            System.err.println("namespace purges failed; the next run carries on: " + e);
        }
    }

    private void advanceBackfills() {
        if (!enabled) {
            return;
        }
        try {
            function.advanceBackfills(BACKFILL_BUDGET);
        } catch (RuntimeException e) {
            System.err.println("backfills failed; the next run carries on: " + e);
        }
    }

    /** Pauses or resumes the schedule (a run in progress finishes). */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Runs completed so far. */
    public long runs() {
        return runs.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        function.close();
    }
}
