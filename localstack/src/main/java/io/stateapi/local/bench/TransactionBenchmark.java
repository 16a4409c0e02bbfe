package io.stateapi.local.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A transaction of 10 puts against 10 single PUTs, through the HTTP API on the local stack
 * ({@code make bench}; docs/performance.md, ADR 0028). Not a test: it asserts nothing, it measures.
 * Both write the same 10 keys last-write-wins with the same values, one after the other; the
 * transaction's puts carry {@code ifVersion} (as a transfer does, no read needed) and, in a second
 * figure, none (each key read first, then pinned).
 */
public final class TransactionBenchmark {

    private static final int KEYS = 10;
    private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 200);
    private static final String VALUE = "{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}";

    private TransactionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("TransactionBenchmark").parameter("keys", KEYS).parameter("samples", SAMPLES)
                .parameter("warmup", WARMUP);
        report.phase("transactions against single PUTs", () -> run(report));
        System.exit(report.finish());
    }

    private static void run(BenchReport report) throws Exception {
        try (BenchStack bench = BenchStack.start(report, "bench-txn", "state:read state:write")) {
            RetryingHttp http = bench.http();
            System.out.printf("Transaction benchmark: %d samples per figure, %d keys, JDK %s, %d cores%n%n",
                    SAMPLES, KEYS, Runtime.version(), Runtime.getRuntime().availableProcessors());
            for (int k = 0; k < KEYS; k++) {
                send(http, put(bench, k));
            }
            long[] version = {1};
            Samples.Operation singles = () -> {
                for (int k = 0; k < KEYS; k++) {
                    send(http, put(bench, k));
                }
                version[0]++;
            };
            Samples.Operation conditional = () -> {
                send(http, transaction(bench, version[0]));
                version[0]++;
            };
            Samples.Operation unconditional = () -> {
                send(http, transaction(bench, 0));
                version[0]++;
            };
            Latencies single = measure(report, "10 single PUTs, one after the other", singles);
            Latencies atVersion = measure(report, "1 transaction of 10 puts with `ifVersion` (no read)", conditional);
            Latencies blind = measure(report, "1 transaction of 10 unconditional puts (read, then pinned)", unconditional);
            Samples.header("figure", "p50", "p99", "ratio to 10 single PUTs (p50)");
            row(report, single, single);
            row(report, atVersion, single);
            row(report, blind, single);
        }
    }

    private static Latencies measure(BenchReport report, String name, Samples.Operation round) throws Exception {
        return Samples.measure(report.latencies("multi-key-latency", name), WARMUP, SAMPLES, round);
    }

    private static void row(BenchReport report, Latencies figure, Latencies baseline) {
        double ratio = figure.millisAt(50) / baseline.millisAt(50);
        Samples.row(figure, 2, String.format("%.2fx", ratio));
        report.value(figure.name() + ": ratio to 10 single PUTs (p50)", ratio, "x");
    }

    private static HttpRequest put(BenchStack bench, int k) {
        return HttpRequest.newBuilder(bench.api().resolve("/v1/namespaces/bench/keys/k" + k))
                .header("Content-Type", "application/json").header("Authorization", bench.authorization())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + VALUE + "}")).build();
    }

    /** 10 puts; at {@code version} when it is above 0, else last-write-wins. */
    private static HttpRequest transaction(BenchStack bench, long version) {
        StringBuilder body = new StringBuilder("{\"operations\":[");
        for (int k = 0; k < KEYS; k++) {
            body.append(k == 0 ? "" : ",").append("{\"type\":\"put\",\"namespace\":\"bench\",\"key\":\"k").append(k)
                    .append("\",\"value\":").append(VALUE).append(version > 0 ? ",\"ifVersion\":" + version : "")
                    .append('}');
        }
        return HttpRequest.newBuilder(bench.api().resolve("/v1/transactions"))
                .header("Content-Type", "application/json").header("Authorization", bench.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build();
    }

    private static void send(RetryingHttp http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode()
                        + " " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
