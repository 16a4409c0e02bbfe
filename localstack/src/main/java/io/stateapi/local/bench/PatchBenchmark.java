package io.stateapi.local.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figures of {@code PATCH} on the local stack (ADR 0029; {@code make bench}, results in
 * docs/performance.md): a merge patch and a JSON Patch against a PUT of the same key, and 1, 2, 4
 * and 8 writers patching one key at once (patches per second, and how often the service's
 * compare-and-set loop ran out of rounds and answered 503, which the client sent again). Not a
 * test: it asserts nothing, it measures.
 */
public final class PatchBenchmark {

    private static final int WARMUP = 200;
    private static final int SAMPLES = Integer.getInteger("bench.samples", 1000);
    private static final int[] WRITERS = {1, 2, 4, 8};
    private static final int PATCHES_EACH = Integer.getInteger("bench.patchesEach", 50);

    private PatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("PatchBenchmark").parameter("samples", SAMPLES)
                .parameter("warmup", WARMUP).parameter("patchesEach", PATCHES_EACH);
        report.phase("local stack", () -> {
            try (BenchStack bench = BenchStack.start(report, "bench-patch", "state:read state:write state:admin")) {
                report.phase("latencies", () -> latencies(report, bench));
                for (int writers : WRITERS) {
                    report.phase(writers + " writers on one key", () -> contention(report, bench, writers,
                            bench.api().resolve("/v1/namespaces/bench/keys/contended-" + writers)));
                }
            }
        });
        System.exit(report.finish());
    }

    private static void latencies(BenchReport report, BenchStack bench) throws Exception {
        RetryingHttp http = bench.http();
        String authorization = bench.authorization();
        URI key = bench.api().resolve("/v1/namespaces/bench/keys/patched");
        send(http, put(key, authorization, "{\"value\":{\"status\":\"open\",\"n\":0,\"items\":[]}}"));
        List<Latencies> figures = List.of(
                measure(report, "PUT over HTTP (the same key, for comparison)", () ->
                        send(http, put(key, authorization, "{\"value\":{\"status\":\"open\",\"n\":1,\"items\":[]}}"))),
                measure(report, "PATCH merge patch (one member)", () ->
                        send(http, patch(key, authorization, "application/merge-patch+json", "{\"n\":2}"))),
                measure(report, "PATCH JSON Patch (test + replace)", () -> send(http, patch(key, authorization,
                        "application/json-patch+json", "[{\"op\":\"test\",\"path\":\"/status\",\"value\":\"open\"},"
                                + "{\"op\":\"replace\",\"path\":\"/n\",\"value\":3}]"))),
                measure(report, "PATCH merge patch with Idempotency-Key", () -> send(http, patch(key, authorization,
                        "application/merge-patch+json", "{\"n\":4}", "Idempotency-Key",
                        java.util.UUID.randomUUID().toString()))));
        Samples.header("figure", "p50", "p99");
        figures.forEach(figure -> Samples.row(figure, 2));
    }

    /**
     * {@code writers} writers, each its own member, on one key; a 503 (the service's
     * compare-and-set loop ran out of rounds) is sent again with the same Idempotency-Key.
     */
    private static void contention(BenchReport report, BenchStack bench, int writers, URI key) throws Exception {
        RetryingHttp http = bench.http();
        String authorization = bench.authorization();
        send(http, put(key, authorization, "{\"value\":{}}"));
        long retriesBefore = report.retries().total();
        Progress progress = Progress.of("patches from " + writers + " writers", (long) writers * PATCHES_EACH);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < PATCHES_EACH; i++) {
                        String idempotencyKey = writers + "w" + writer + "-" + i; // one key per request of the run
                        send(http, patch(key, authorization, "application/merge-patch+json",
                                "{\"" + idempotencyKey + "\":" + i + "}", "Idempotency-Key", idempotencyKey));
                        progress.step();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int patches = writers * PATCHES_EACH;
        long resent = report.retries().total() - retriesBefore;
        report.point("goodput-writers", "PATCH (merge patch, each writer its own member)", "concurrent writers on one key",
                writers, "goodput (successful writes/s)", patches / seconds);
        report.value(writers + " writers patching one key: answers sent again (503 after "
                + io.stateapi.domain.patch.PatchService.MAX_ROUNDS + " rounds)", resent, "requests");
        System.out.printf("| %d writers patching one key (%d patches, each its own member) | %.0f patches/s | "
                + "%d sent again after a 503 |%n", writers, patches, patches / seconds, resent);
    }

    private static HttpRequest put(URI key, String authorization, String body) {
        return HttpRequest.newBuilder(key).header("Authorization", authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest patch(URI key, String authorization, String mediaType, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(key).header("Authorization", authorization)
                .header("Content-Type", mediaType).method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    private static Latencies measure(BenchReport report, String name, Samples.Operation operation) throws Exception {
        return Samples.measure(report.latencies("operation-latency", name), WARMUP, SAMPLES, operation);
    }

    private static void send(RetryingHttp http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode() + " "
                    + response.body());
        }
    }
}
