package io.stateapi.local.bench;

import java.util.Arrays;

/**
 * The sampling every bench main shares: warm-up rounds, then {@code n} timed rounds
 * ({@link System#nanoTime()}), sorted; nearest-rank percentiles in milliseconds; and markdown
 * table rows; the {@link Latencies} overloads record into an HdrHistogram for the results file
 * ({@link BenchReport}) and show progress. Public for the benchmarks of modules that build on the local stack (the SDK's watch lag).
 */
public final class Samples {

    /** One timed round. */
    @FunctionalInterface
    public interface Operation {
        void run() throws Exception;
    }

    private Samples() {
    }

    /** Runs {@code operation} {@code warmup} times untimed, then {@code samples} times timed; the nanos, sorted. */
    public static long[] measure(int warmup, int samples, Operation operation) throws Exception {
        for (int i = 0; i < warmup; i++) {
            operation.run();
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            operation.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /**
     * Runs {@code operation} {@code warmup} times untimed, then {@code samples} times timed into
     * {@code into}, with a progress line every few seconds; {@code into}, for chaining.
     */
    public static Latencies measure(Latencies into, int warmup, int samples, Operation operation) throws Exception {
        Progress warming = Progress.of(into.name() + " (warm-up)", warmup);
        for (int i = 0; i < warmup; i++) {
            operation.run();
            warming.step();
        }
        Progress measuring = Progress.of(into.name(), samples);
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            operation.run();
            into.recordNanos(System.nanoTime() - start);
            measuring.step();
        }
        return into;
    }

    /** A row {@code | name | p50 ms | p99 ms | more... |} of {@code figure}. */
    public static void row(Latencies figure, int decimals, String... more) {
        String millis = "%." + decimals + "f ms";
        StringBuilder row = new StringBuilder("| ").append(figure.name())
                .append(" | ").append(String.format(millis, figure.millisAt(50)))
                .append(" | ").append(String.format(millis, figure.millisAt(99)));
        for (String cell : more) {
            row.append(" | ").append(cell);
        }
        System.out.println(row.append(" |"));
    }

    /** The nearest-rank {@code p} percentile (0 < p <= 1) of sorted nanos, in milliseconds. */
    public static double percentile(long[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))] / 1e6;
    }

    /** A table's header line and its separator line: {@code | a | b |} then {@code |---|---|}. */
    public static void header(String... columns) {
        System.out.println("| " + String.join(" | ", columns) + " |");
        System.out.println("|---".repeat(columns.length) + "|");
    }

    /**
     * A row {@code | name | p50 ms | p99 ms | more... |}, the milliseconds with {@code decimals}
     * decimals.
     */
    public static void row(String name, long[] sorted, int decimals, String... more) {
        String millis = "%." + decimals + "f ms";
        StringBuilder row = new StringBuilder("| ").append(name)
                .append(" | ").append(String.format(millis, percentile(sorted, 0.5)))
                .append(" | ").append(String.format(millis, percentile(sorted, 0.99)));
        for (String cell : more) {
            row.append(" | ").append(cell);
        }
        System.out.println(row.append(" |"));
    }
}
