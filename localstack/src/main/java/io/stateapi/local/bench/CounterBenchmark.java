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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of counters (ADR 0034) on the local stack ({@code make bench}; results in
 * docs/performance.md). Not a test: it asserts nothing, it measures.
 *
 * <ul>
 *   <li>latency of one increment ({@code POST .../counters}), without and with an
 *       {@code Idempotency-Key}, against a client-side compare-and-set increment (GET, then PUT
 *       with {@code If-Match}), one client;</li>
 *   <li>increments per second with 8 concurrent clients on one key, against 8 compare-and-set
 *       clients (whose conflicts cost retries).</li>
 * </ul>
 */
public final class CounterBenchmark {

    private static final int WARMUP = 100;
    private static final int SAMPLES = Integer.getInteger("bench.samples", 500);
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = Integer.getInteger("bench.perClient", 50);
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench-counters");
    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String AUTHORIZATION = "Bearer " + ISSUER.token(
            TokenGrant.of("bench", "state:read state:write").lasting(Duration.ofHours(12)));
    private static final Pattern VALUE = Pattern.compile("\"value\":(-?[0-9]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private CounterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LocalAws.useEmulatorDefaults();
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, RESOURCES, 0, ISSUER)) {
            stack.changes().poller().setEnabled(false);
            stack.expirySweeps().setEnabled(false);
            URI api = stack.apiEndpoint();
            System.out.printf("Counter benchmark: %d samples per latency, %d clients x %d increments, JDK %s, %d cores%n%n",
                    SAMPLES, CLIENTS, PER_CLIENT, Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.println("| figure | median | p99 | |");
            System.out.println("|---|---|---|---|");
            latency("increment (POST .../counters)", () -> increment(api, "lat/plain", null));
            latency("increment with Idempotency-Key", () -> increment(api, "lat/keyed", UUID.randomUUID().toString()));
            latency("compare-and-set increment (GET + PUT If-Match)", () -> compareAndSet(api, "lat/cas"));
            throughput("increments, 8 clients on one key", () -> increment(api, "tp/plain", null));
            throughput("compare-and-set increments, 8 clients on one key", () -> compareAndSet(api, "tp/cas"));
        }
    }

    private interface Call {
        /** One logical increment; returns how many HTTP requests it took. */
        int run() throws Exception;
    }

    private static void latency(String name, Call call) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        long[] micros = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            call.run();
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf("| %s | %.1f ms | %.1f ms | n=%d |%n", name, micros[SAMPLES / 2] / 1000.0,
                micros[(int) (SAMPLES * 0.99)] / 1000.0, SAMPLES);
    }

    private static void throughput(String name, Call call) throws Exception {
        AtomicLong requests = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        requests.addAndGet(call.run());
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int increments = CLIENTS * PER_CLIENT;
        System.out.printf("| %s | %.0f increments/s | | %d increments, %d HTTP requests, %.1f s |%n", name,
                increments / seconds, increments, requests.get(), seconds);
    }

    private static int increment(URI api, String key, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/counters/" + key))
                .header("Content-Type", "application/json").header("Authorization", AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString("{\"delta\":1}"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        expect(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()), 200, 201);
        return 1;
    }

    private static int compareAndSet(URI api, String key) throws Exception {
        URI uri = api.resolve("/v1/namespaces/bench/keys/" + key);
        for (int requests = 2; ; requests += 2) {
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", AUTHORIZATION)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpRequest.Builder write = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", AUTHORIZATION);
            if (read.statusCode() == 404) {
                write.header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofString("{\"value\":1}"));
            } else {
                Matcher value = VALUE.matcher(read.body());
                if (!value.find()) {
                    throw new IllegalStateException("no number in " + read.body());
                }
                write.header("If-Match", read.headers().firstValue("ETag").orElseThrow())
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + (Long.parseLong(value.group(1)) + 1) + "}"));
            }
            HttpResponse<String> written = HTTP.send(write.build(), HttpResponse.BodyHandlers.ofString());
            if (written.statusCode() == 200 || written.statusCode() == 201) {
                return requests;
            }
            expect(written, 412);
        }
    }

    private static void expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(response.statusCode() + ": " + response.body());
    }
}
