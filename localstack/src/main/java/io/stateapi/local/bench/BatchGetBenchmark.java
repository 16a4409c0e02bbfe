package io.stateapi.local.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Batch get against single gets on the local stack ({@code make bench}; docs/performance.md,
 * ADR 0027): reading 100 keys with one {@code POST .../batch-get} against 100 {@code GET}s one
 * after the other, over HTTP through the local gateway. Not a test: it asserts nothing, it measures.
 */
public final class BatchGetBenchmark {

    private static final int KEYS = 100;
    private static final int WARMUP = Integer.getInteger("bench.warmup", 10);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 50);

    private BatchGetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("BatchGetBenchmark").parameter("keys", KEYS).parameter("samples", SAMPLES)
                .parameter("warmup", WARMUP);
        report.phase("reading " + KEYS + " keys", () -> run(report));
        System.exit(report.finish());
    }

    private static void run(BenchReport report) throws Exception {
        try (BenchStack bench = BenchStack.start(report, "bench", "state:read state:write")) {
            RetryingHttp http = bench.http();
            URI api = bench.api();
            String authorization = bench.authorization();
            List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "users/" + i + "/cart").toList();
            for (String key : keys) {
                send(http, HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/keys/" + key))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"value\":{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}}")).build());
            }
            String body = keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(",", "{\"keys\":[", "]"));
            HttpRequest strong = batch(api, authorization, body + "}");
            HttpRequest eventual = batch(api, authorization, body + ",\"consistency\":\"eventual\"}");
            List<HttpRequest> gets = keys.stream().map(key -> HttpRequest.newBuilder(
                    api.resolve("/v1/namespaces/bench/keys/" + key)).header("Authorization", authorization).GET().build())
                    .toList();

            System.out.printf("Batch get benchmark: %d keys, %d samples per figure, JDK %s, %d cores%n%n",
                    KEYS, SAMPLES, Runtime.version(), Runtime.getRuntime().availableProcessors());
            Latencies batchStrong = measure(report, "batch get of 100 keys (strong)", () -> send(http, strong));
            Latencies batchEventual = measure(report, "batch get of 100 keys (eventual)", () -> send(http, eventual));
            Latencies singles = measure(report, "100 single GETs, one after the other (strong)", () -> {
                for (HttpRequest get : gets) {
                    send(http, get);
                }
            });
            Samples.header("reading 100 keys over HTTP", "p50", "p99", "100 single GETs p50 / this p50");
            row(report, batchStrong, singles);
            row(report, batchEventual, singles);
            row(report, singles, singles);
        }
    }

    private static HttpRequest batch(URI api, String authorization, String body) {
        return HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/batch-get"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void row(BenchReport report, Latencies figure, Latencies singles) {
        double ratio = singles.millisAt(50) / figure.millisAt(50);
        Samples.row(figure, 1, String.format("%.1fx", ratio));
        report.value(figure.name() + ": 100 single GETs p50 / this p50", ratio, "x");
    }

    private static Latencies measure(BenchReport report, String name, Samples.Operation operation) throws Exception {
        return Samples.measure(report.latencies("multi-key-latency", name), WARMUP, SAMPLES, operation);
    }

    private static void send(RetryingHttp http, HttpRequest request) throws Exception {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode());
        }
    }
}
