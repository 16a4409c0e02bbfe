package io.stateapi.local.bench;

import java.net.http.HttpClient;
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
        try (BenchStack bench = BenchStack.start("bench-txn", "state:read state:write")) {
            HttpClient http = bench.http();
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
            long[] single = measure(singles);
            long[] atVersion = measure(conditional);
            long[] blind = measure(unconditional);
            Samples.header("figure", "p50", "p99", "ratio to 10 single PUTs (p50)");
            row("10 single PUTs, one after the other", single, single);
            row("1 transaction of 10 puts with `ifVersion` (no read)", atVersion, single);
            row("1 transaction of 10 unconditional puts (read, then pinned)", blind, single);
        }
    }

    private static long[] measure(Samples.Operation round) throws Exception {
        return Samples.measure(WARMUP, SAMPLES, round);
    }

    private static void row(String name, long[] nanos, long[] baseline) {
        Samples.row(name, nanos, 2, String.format("%.2fx",
                Samples.percentile(nanos, 0.50) / Samples.percentile(baseline, 0.50)));
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

    private static void send(HttpClient http, HttpRequest request) {
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
