package io.stateapi.local;

import io.stateapi.expiry.ExpirySweepFunction;
import io.stateapi.metrics.EmbeddedMetrics;
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
 * {@link ExpirySweepFunction} every {@link StateApiResources.ExpirySweep#INTERVAL_MINUTES}
 * against the emulator's table, so {@code make run} publishes {@code expired} events as AWS
 * does. Tests that need a sweep at a chosen time call the sweeper directly with an explicit
 * {@code now} and may switch this off.
 */
public final class ExpirySweepSchedule implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofMinutes(StateApiResources.ExpirySweep.INTERVAL_MINUTES);

    private final ExpirySweepFunction function;
    private final ScheduledExecutorService timer;
    private final AtomicLong runs = new AtomicLong();
    private volatile boolean enabled = true;

    private ExpirySweepSchedule(ExpirySweepFunction function, Duration interval) {
        this.function = function;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("expiry-sweep-schedule").daemon(true).factory());
        timer.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts running sweeps on {@code resources}' table every {@link #INTERVAL}, the first one interval from now. */
    public static ExpirySweepSchedule start(URI endpoint, StateApiResources resources) {
        // Each run's figures are metrics on AWS; locally the expired events themselves show the effect.
        EmbeddedMetrics quiet = new EmbeddedMetrics(resources.environment(), line -> { }, Clock.systemUTC());
        ExpirySweepFunction function = new ExpirySweepFunction(new ExpirySweepFunction.Configuration(
                resources.environment(), resources.tableName(), endpoint, List.of()), quiet, Clock.systemUTC());
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
