package io.stateapi.local.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A line every {@code bench.progressSeconds} (10 s) while a phase runs, so that a run on a slow
 * machine shows it is moving (and how fast) instead of going quiet for minutes.
 */
public final class Progress {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("bench.progressSeconds", 10));

    private final String what;
    private final long total;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong printedNanos = new AtomicLong(startedNanos);

    private Progress(String what, long total) {
        this.what = what;
        this.total = total;
    }

    /** {@code total} steps of {@code what}, counted by {@link #step()} from any thread. */
    public static Progress of(String what, long total) {
        return new Progress(what, total);
    }

    public void step() {
        long steps = done.incrementAndGet();
        long now = System.nanoTime();
        long printed = printedNanos.get();
        if (now - printed >= INTERVAL_NANOS && printedNanos.compareAndSet(printed, now)) {
            double seconds = (now - startedNanos) / 1e9;
            System.out.printf("  ... %s: %,d of %,d after %.0f s (%.0f/s)%n", what, steps, total, seconds, steps / seconds);
        }
    }
}
