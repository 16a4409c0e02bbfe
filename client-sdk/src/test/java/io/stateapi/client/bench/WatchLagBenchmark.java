package io.stateapi.client.bench;

import io.stateapi.client.Auth;
import io.stateapi.client.StateClient;
import io.stateapi.client.StateNamespace;
import io.stateapi.client.Watch;
import io.stateapi.client.WatchOptions;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.local.bench.BenchReport;
import io.stateapi.local.bench.Latencies;
import io.stateapi.local.bench.Samples;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write-to-delivery lag of the resumable watch through the SDK ({@code make bench}); not a test,
 * and in the SDK's test sources so that it ships in no artifact. A writer commits one change every
 * {@value #PACE_MILLIS} ms; watchers follow the namespace with {@code namespace.watch} and take
 * each change's lag from its commit time ({@code committedAt}, the api function's clock) to the
 * moment their handler gets it (same machine, same clock). Runs: one watcher on Server-Sent
 * Events, one on the long poll, then ten on Server-Sent Events at once. The settle window of
 * ADR 0037 (8 s) dominates every figure: a change is served only once it is 8 s old.
 */
public final class WatchLagBenchmark {

    private static final int WRITES = Integer.getInteger("bench.watchWrites", 100);
    private static final int PACE_MILLIS = 100;
    private static final String TENANT = "bench";

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("WatchLagBenchmark").parameter("writes", WRITES)
                .parameter("paceMillis", PACE_MILLIS);
        report.phase("local stack", () -> run(report));
        System.exit(report.finish());
    }

    private static void run(BenchReport report) throws Exception {
        LocalIssuer issuer = LocalIssuer.inMemory();
        String token = issuer.token(TokenGrant.of(TENANT, "state:read state:write").lasting(Duration.ofHours(2)));
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, StateApiResources.forEnvironment("bench-watch"), 0, issuer);
             StateClient client = StateClient.builder().endpoint(stack.apiEndpoint()).auth(Auth.bearer(token)).build()) {
            stack.expirySweeps().setEnabled(false);
            StateNamespace ns = client.namespace("bench-watch");
            ns.put("warmup", 0);
            System.out.printf("watch lag: %d writes, one every %d ms, per run%n", WRITES, PACE_MILLIS);
            List<String[]> rows = new ArrayList<>();
            report.phase("Server-Sent Events, 1 watcher",
                    () -> rows.add(run(report, ns, "sse", WatchOptions.Protocol.SERVER_SENT_EVENTS, 1)));
            report.phase("long poll, 1 watcher", () -> rows.add(run(report, ns, "poll", WatchOptions.Protocol.LONG_POLL, 1)));
            report.phase("Server-Sent Events, 10 watchers",
                    () -> rows.add(run(report, ns, "sse10", WatchOptions.Protocol.SERVER_SENT_EVENTS, 10)));
            System.out.println();
            Samples.header("watch (SDK)", "p50", "p99", "max", "changes");
            for (String[] row : rows) {
                System.out.println("| " + String.join(" | ", row) + " |");
            }
        }
    }

    /** {@code watchers} watchers of one prefix while {@link #WRITES} changes are written; their lags together. */
    private static String[] run(BenchReport report, StateNamespace ns, String prefix, WatchOptions.Protocol protocol,
                                 int watchers) throws Exception {
        String cursor = ns.snapshot(prefix + "/").cursor();
        List<Map<String, Long>> lags = new ArrayList<>();
        List<Watch> watches = new ArrayList<>();
        for (int w = 0; w < watchers; w++) {
            Map<String, Long> mine = new ConcurrentHashMap<>();
            lags.add(mine);
            watches.add(ns.watch(prefix + "/", cursor, change -> mine.put(change.key() + "@" + change.version(),
                    Instant.now().toEpochMilli() - change.committedAt().toEpochMilli()), o -> o.protocol(protocol)));
        }
        for (int i = 0; i < WRITES; i++) {
            long started = System.nanoTime();
            ns.put(prefix + "/k" + (i % 10), Map.of("n", i));
            long left = PACE_MILLIS - (System.nanoTime() - started) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);  // a paced writer, not a burst: the lag of a steady stream of changes
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lags.stream().anyMatch(l -> l.size() < WRITES) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watches.forEach(Watch::close);
        String name = (protocol == WatchOptions.Protocol.SERVER_SENT_EVENTS ? "Server-Sent Events" : "long poll")
                + ", " + watchers + (watchers == 1 ? " watcher" : " watchers");
        Latencies figure = report.latencies("event-lag", "SDK watch, " + name);
        lags.forEach(mine -> mine.values().forEach(figure::recordMillis));
        if (figure.count() < (long) WRITES * watchers) {
            throw new IllegalStateException(figure.count() + " of " + WRITES * watchers + " changes delivered in 60 s");
        }
        return new String[] {name, String.format("%,.0f ms", figure.millisAt(50)),
                String.format("%,.0f ms", figure.millisAt(99)), String.format("%,.0f ms", figure.maxMillis()),
                String.format("%,d of %,d", figure.count(), WRITES * watchers)};
    }

    private WatchLagBenchmark() {
    }
}
