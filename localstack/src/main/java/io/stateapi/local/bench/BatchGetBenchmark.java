package io.stateapi.local.bench;

import io.stateapi.local.LocalAws;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
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
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench");
    private static final String TENANT = "bench";
    private static final String SCOPES = "state:read state:write";
    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String AUTHORIZATION =
            "Bearer " + ISSUER.token(TokenGrant.of(TENANT, SCOPES).lasting(Duration.ofHours(12)));

    private BatchGetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LocalAws.useEmulatorDefaults();
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, RESOURCES, 0, ISSUER)) {
            stack.changes().poller().setEnabled(false);
            stack.expirySweeps().setEnabled(false);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI api = stack.apiEndpoint();
            List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "users/" + i + "/cart").toList();
            for (String key : keys) {
                send(http, HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/keys/" + key))
                        .header("Authorization", AUTHORIZATION).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"value\":{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}}")).build());
            }
            String body = keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(",", "{\"keys\":[", "]"));
            HttpRequest strong = batch(api, body + "}");
            HttpRequest eventual = batch(api, body + ",\"consistency\":\"eventual\"}");
            List<HttpRequest> gets = keys.stream().map(key -> HttpRequest.newBuilder(
                    api.resolve("/v1/namespaces/bench/keys/" + key)).header("Authorization", AUTHORIZATION).GET().build())
                    .toList();

            System.out.printf("Batch get benchmark: %d keys, %d samples per figure, JDK %s, %d cores%n%n",
                    KEYS, SAMPLES, Runtime.version(), Runtime.getRuntime().availableProcessors());
            long[] batchStrong = measure(() -> send(http, strong));
            long[] batchEventual = measure(() -> send(http, eventual));
            long[] singles = measure(() -> {
                for (HttpRequest get : gets) {
                    send(http, get);
                }
            });
            System.out.println("| reading 100 keys over HTTP | p50 | p99 | 100 single GETs p50 / this p50 |");
            System.out.println("|---|---|---|---|");
            row("1 batch get (strong)", batchStrong, singles);
            row("1 batch get (eventual)", batchEventual, singles);
            row("100 single GETs, one after the other (strong)", singles, singles);
        }
    }

    private static HttpRequest batch(URI api, String body) {
        return HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/batch-get"))
                .header("Authorization", AUTHORIZATION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static long[] measure(ThrowingRunnable operation) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            operation.run();
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            operation.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void row(String name, long[] nanos, long[] singles) {
        System.out.printf("| %s | %.1f ms | %.1f ms | %.1fx |%n", name, percentile(nanos, 0.5), percentile(nanos, 0.99),
                percentile(singles, 0.5) / percentile(nanos, 0.5));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode());
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
