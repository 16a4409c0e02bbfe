package io.stateapi.local.bench;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalContext;
import io.stateapi.local.LocalStack;
import io.stateapi.local.bench.ColdStartChild.ColdStartEvents;
import io.stateapi.resources.StateApiResources;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the api function adds to its DynamoDB call, for GET and PUT ({@code make bench}; ADR 0041,
 * docs/performance.md "Handler overhead"): in one warmed JVM, the handler fed an API Gateway event
 * (authorizer claims, routing, quota, namespace settings, domain, JSON, response) against the store
 * adapter's own call for the same key on the same emulator. Each round times one of each, their
 * order alternating, so drift and noise on the shared machine fall on both sides; the figure is
 * the ratio of medians, and the ratio of CPU time per operation on the calling thread, which a busy
 * machine disturbs least. For a profile, run it with {@code -XX:StartFlightRecording=filename=overhead.jfr}.
 */
public final class HandlerOverheadBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.warmup", 1000);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 2000);
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String BODY = "{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}";

    private HandlerOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (BenchStack bench = BenchStack.start(RESOURCES.environment(), "state:read");
             DynamoDbClient dynamoDb = DynamoDbClients.create(bench.emulator().endpoint(), List.of());
             ApiFunction handler = ApiFunction.withProperties(
                     LocalStack.functionProperties(bench.emulator().endpoint(), RESOURCES))) {
            DynamoDbStateStore store = DynamoDbStateStore.of(dynamoDb, RESOURCES);
            TenantNamespace namespace = TenantNamespace.of(BenchStack.TENANT, "bench");
            String handlerPath = "/v1/namespaces/bench/keys/overhead/handler";
            Key storeKey = Key.of("overhead/store");
            JsonDocument value = new JsonDocument(BODY);
            System.out.printf("Handler overhead: %d warm-up and %d timed rounds per operation, JDK %s, %d cores%n%n",
                    WARMUP, SAMPLES, Runtime.version(), Runtime.getRuntime().availableProcessors());

            Samples.Operation handlerPut = () -> expect(handler.handleRequest(
                    ColdStartEvents.event("PUT", handlerPath, "{\"value\":" + BODY + "}"), new LocalContext()).getStatusCode(),
                    "PUT");
            Samples.Operation storePut = () -> store.put(namespace, storeKey, value, null, Precondition.NONE, Instant.now());
            Samples.Operation handlerGet = () -> expect(handler.handleRequest(ColdStartEvents.get(handlerPath),
                    new LocalContext()).getStatusCode(), "GET");
            Samples.Operation storeGet = () -> store.get(namespace, storeKey, ReadConsistency.STRONG, Instant.now());

            long[][] put = paired(handlerPut, storePut);
            System.out.println("  PUT done");
            long[][] get = paired(handlerGet, storeGet);
            System.out.println("  GET done");
            Samples.header("operation", "handler p50", "handler p99", "DynamoDB call alone p50", "ratio p50",
                    "added p50", "handler CPU/op", "DynamoDB call CPU/op", "CPU ratio");
            row("PUT (upsert of an existing key)", put);
            row("GET (strongly consistent)", get);
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("%nheap used after the run: %d MiB of %d MiB committed%n",
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.totalMemory() >> 20);
        }
    }

    /**
     * {@code [0]}: the handler's nanos, {@code [1]}: the store's, each sorted; {@code [2]}: the
     * calling thread's CPU nanos of all handler rounds and of all store rounds. The order
     * alternates per round.
     */
    private static long[][] paired(Samples.Operation handler, Samples.Operation store) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            handler.run();
            store.run();
        }
        long[] handlerNanos = new long[SAMPLES];
        long[] storeNanos = new long[SAMPLES];
        long[] cpu = new long[2];
        for (int i = 0; i < SAMPLES; i++) {
            if (i % 2 == 0) {
                handlerNanos[i] = time(handler, cpu, 0);
                storeNanos[i] = time(store, cpu, 1);
            } else {
                storeNanos[i] = time(store, cpu, 1);
                handlerNanos[i] = time(handler, cpu, 0);
            }
        }
        Arrays.sort(handlerNanos);
        Arrays.sort(storeNanos);
        return new long[][] {handlerNanos, storeNanos, cpu};
    }

    /**
     * Wall nanos of one round; its CPU nanos (the calling thread's: the SDK's synchronous client
     * marshals, sends and parses on it) are added to {@code cpu[slot]}. CPU time is the figure a
     * busy machine disturbs least: waiting for a core or for the emulator costs wall time only.
     */
    private static long time(Samples.Operation operation, long[] cpu, int slot) throws Exception {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        operation.run();
        long wall = System.nanoTime() - start;
        cpu[slot] += THREADS.getCurrentThreadCpuTime() - cpuStart;
        return wall;
    }

    private static void row(String name, long[][] pair) {
        double handler = Samples.percentile(pair[0], 0.5);
        double store = Samples.percentile(pair[1], 0.5);
        double handlerCpu = pair[2][0] / 1e6 / SAMPLES;
        double storeCpu = pair[2][1] / 1e6 / SAMPLES;
        Samples.row(name, pair[0], 2, String.format("%.2f ms", store), String.format("%.2fx", handler / store),
                String.format("%.2f ms", handler - store), String.format("%.3f ms", handlerCpu),
                String.format("%.3f ms", storeCpu), String.format("%.2fx", handlerCpu / storeCpu));
    }

    private static void expect(int status, String method) {
        if (status != 200 && status != 201) {
            throw new IllegalStateException(method + " answered " + status);
        }
    }
}
