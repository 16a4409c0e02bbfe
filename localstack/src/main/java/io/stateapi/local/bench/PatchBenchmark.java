package io.stateapi.local.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures of {@code PATCH} on the local stack (ADR 0029; {@code make bench}, results in
 * docs/performance.md): a merge patch and a JSON Patch against a PUT of the same key, and 8
 * writers patching one key at once (patches per second, and how often the service's
 * compare-and-set loop ran out of rounds). Not a test: it asserts nothing, it measures.
 */
public final class PatchBenchmark {

    private static final int WARMUP = 200;
    private static final int SAMPLES = Integer.getInteger("bench.samples", 1000);
    private static final int WRITERS = 8;
    private static final int PATCHES_EACH = Integer.getInteger("bench.patchesEach", 50);

    private PatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (BenchStack bench = BenchStack.start("bench-patch", "state:read state:write state:admin")) {
            HttpClient http = bench.http();
            String authorization = bench.authorization();
            URI key = bench.api().resolve("/v1/namespaces/bench/keys/patched");
            send(http, put(key, authorization, "{\"value\":{\"status\":\"open\",\"n\":0,\"items\":[]}}"));
            System.out.printf("PATCH benchmark: %d samples per figure, JDK %s, %d cores%n%n", SAMPLES,
                    Runtime.version(), Runtime.getRuntime().availableProcessors());
            Samples.header("figure", "p50", "p99");
            row("PUT over HTTP (the same key, for comparison)", measure(() ->
                    send(http, put(key, authorization, "{\"value\":{\"status\":\"open\",\"n\":1,\"items\":[]}}"))));
            row("PATCH merge patch (one member)", measure(() ->
                    send(http, patch(key, authorization, "application/merge-patch+json", "{\"n\":2}"))));
            row("PATCH JSON Patch (test + replace)", measure(() -> send(http, patch(key, authorization, "application/json-patch+json",
                    "[{\"op\":\"test\",\"path\":\"/status\",\"value\":\"open\"},{\"op\":\"replace\",\"path\":\"/n\",\"value\":3}]"))));
            row("PATCH merge patch with Idempotency-Key", measure(() -> send(http, patch(key, authorization,
                    "application/merge-patch+json", "{\"n\":4}", "Idempotency-Key", java.util.UUID.randomUUID().toString()))));
            contention(http, authorization, bench.api().resolve("/v1/namespaces/bench/keys/contended"));
        }
    }

    /** 8 writers, each its own member, on one key; a 503 is sent again with the same Idempotency-Key. */
    private static void contention(HttpClient http, String authorization, URI key) throws Exception {
        send(http, put(key, authorization, "{\"value\":{}}"));
        AtomicLong unavailable = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < PATCHES_EACH; i++) {
                        String idempotencyKey = "w" + writer + "-" + i;
                        while (true) {
                            HttpResponse<String> response = http.send(patch(key, authorization, "application/merge-patch+json",
                                    "{\"" + idempotencyKey + "\":" + i + "}", "Idempotency-Key", idempotencyKey),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 503) {
                                if (response.statusCode() != 200) {
                                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                                }
                                break;
                            }
                            unavailable.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int patches = WRITERS * PATCHES_EACH;
        System.out.printf("%n| %d writers patching one key (%d patches, each its own member) | %.0f patches/s | "
                + "%d answered 503 after %d rounds (sent again) |%n", WRITERS, patches, patches / seconds,
                unavailable.get(), io.stateapi.domain.patch.PatchService.MAX_ROUNDS);
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

    private static long[] measure(Samples.Operation operation) throws Exception {
        return Samples.measure(WARMUP, SAMPLES, operation);
    }

    private static void row(String name, long[] sorted) {
        Samples.row(name, sorted, 2);
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode() + " "
                    + response.body());
        }
    }
}
