package io.stateapi.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalContext;
import io.stateapi.local.bench.jmh.ApiEvents;
import io.stateapi.local.LocalStack;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Figures of the HTTP API on the local stack ({@code make bench}; results in
 * docs/performance.md). Not a test: it asserts nothing, it measures.
 *
 * <ul>
 *   <li>latency of PUT and GET over HTTP through the local gateway, against the adapter's own
 *       DynamoDB call on the same emulator, so the ratio is the cost of HTTP + Lambda event +
 *       Micronaut routing + JSON;</li>
 *   <li>throughput of compare-free writes with 8 concurrent clients.</li>
 * </ul>
 * Cold starts are {@link ColdStartBenchmark}'s: on the Lambda jar, against a framework-free baseline.
 */
public final class ApiBenchmark {

    private static final int WARMUP = 300;
    private static final int SAMPLES = Integer.getInteger("bench.samples", 2000);
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench");
    private static final String SCOPES = "state:read state:write state:admin";

    private ApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("ApiBenchmark").parameter("samples", SAMPLES)
                .parameter("warmup", WARMUP);
        // The API's own figures: BenchStack pauses the change pipeline and the expiry sweeper,
        // which would compete for the one emulator process. The gateway trusts its issuer; every
        // request carries its token (ADR 0014).
        report.phase("local stack", () -> {
            try (BenchStack bench = BenchStack.start(report, RESOURCES.environment(), SCOPES);
                 DynamoDbClient dynamoDb = DynamoDbClients.create(bench.emulator().endpoint(), List.of())) {
                try (ApiFunction handler = ApiFunction.withProperties(
                        LocalStack.functionProperties(bench.emulator().endpoint(), RESOURCES))) {
                    report.phase("latencies", () -> latencies(report, bench, handler,
                            DynamoDbStateStore.of(dynamoDb, RESOURCES)));
                }
                report.phase("throughput", () -> throughput(report, bench));
            }
        });
        System.exit(report.finish());
    }

    private static APIGatewayV2HTTPEvent getEvent(String path) {
        return ApiEvents.event("GET", path, Map.of("accept", "application/json"), null);
    }

    private static void latencies(BenchReport report, BenchStack bench, ApiFunction handler, DynamoDbStateStore store)
            throws Exception {
        RetryingHttp http = bench.http();
        String authorization = bench.authorization();
        String body = "{\"value\":{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}}";
        URI key = bench.api().resolve("/v1/namespaces/bench/keys/users/42/cart");
        HttpRequest put = HttpRequest.newBuilder(key).header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpRequest get = HttpRequest.newBuilder(key).header("Authorization", authorization).GET().build();

        Latencies putNanos = measure(report, "PUT over HTTP (upsert, existing key)", () -> send(http, put));
        AtomicLong sequence = new AtomicLong();
        Latencies idempotentPutNanos = measure(report, "PUT over HTTP with Idempotency-Key (new key each time)",
                () -> send(http, HttpRequest.newBuilder(key)
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", "\"bench-" + sequence.incrementAndGet() + "\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build()));
        HttpRequest replay = HttpRequest.newBuilder(key).header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("Idempotency-Key", "\"bench-1\"").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        Latencies replayNanos = measure(report, "PUT over HTTP with Idempotency-Key, a repeat (replayed)",
                () -> send(http, replay));
        Latencies getNanos = measure(report, "GET over HTTP (strong)", () -> send(http, get));
        Latencies handlerGet = measure(report, "GET, the handler alone (event in, no HTTP)", () -> {
            int status = handler.handleRequest(getEvent("/v1/namespaces/bench/keys/users/42/cart"), new LocalContext())
                    .getStatusCode();
            if (status != 200) {
                throw new IllegalStateException("GET answered " + status);
            }
        });

        TenantNamespace ns = TenantNamespace.of("bench", "bench");
        Key direct = Key.of("direct");
        JsonDocument value = new JsonDocument("{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}");
        Latencies storePut = measure(report, "PUT, DynamoDB adapter alone",
                () -> store.put(ns, direct, value, null, Precondition.NONE, Instant.now()));
        Latencies storeIdempotentPut = measure(report, "PUT with Idempotency-Key, DynamoDB adapter alone",
                () -> store.put(ns, direct, value, null, Precondition.NONE,
                        WriteIdentity.idempotent(IdempotencyKey.of("bench-" + sequence.incrementAndGet()),
                                RequestFingerprint.ofPut(direct, value, null, Precondition.NONE)), Instant.now()));
        Latencies storeGet = measure(report, "GET (strong), DynamoDB adapter alone",
                () -> store.get(ns, direct, ReadConsistency.STRONG, Instant.now()));

        System.out.println();
        Samples.header("operation", "p50", "p99", "DynamoDB call alone p50", "ratio p50");
        row(report, putNanos, storePut);
        row(report, idempotentPutNanos, storeIdempotentPut);
        row(report, replayNanos, storeGet);
        System.out.printf("| idempotency record, cost at the store: %.2f ms vs %.2f ms p50 (%.2fx) | | | | |%n",
                storeIdempotentPut.millisAt(50), storePut.millisAt(50),
                storeIdempotentPut.millisAt(50) / storePut.millisAt(50));
        row(report, getNanos, storeGet);
        row(report, handlerGet, storeGet);
    }

    private static void throughput(BenchReport report, BenchStack bench) throws Exception {
        RetryingHttp http = bench.http();
        URI api = bench.api();
        String authorization = bench.authorization();
        int clients = 8;
        int perClient = SAMPLES / clients;
        Progress progress = Progress.of("PUTs from " + clients + " clients", (long) clients * perClient);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        send(http, HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/keys/t/" + client + "/" + (i % 50)))
                                .header("Content-Type", "application/json")
                                .header("Authorization", authorization)
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + i + "}")).build());
                        progress.step();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%n| writes/s with %d concurrent clients over HTTP | %.0f |%n", clients, clients * perClient / seconds);
        report.value("PUTs per second, " + clients + " concurrent HTTP clients, 50 keys each", clients * perClient / seconds,
                "1/s");
    }

    private static Latencies measure(BenchReport report, String name, Samples.Operation operation) throws Exception {
        return Samples.measure(report.latencies("api-latency", name), WARMUP, SAMPLES, operation);
    }

    private static void row(BenchReport report, Latencies api, Latencies store) {
        double storeP50 = store.millisAt(50);
        Samples.row(api, 2, String.format("%.2f ms", storeP50), String.format("%.2fx", api.millisAt(50) / storeP50));
        report.value(api.name() + ", ratio to the DynamoDB call alone (p50)", api.millisAt(50) / storeP50, "x");
    }

    private static void send(RetryingHttp http, HttpRequest request) throws Exception {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " answered " + response.statusCode());
        }
    }
}
