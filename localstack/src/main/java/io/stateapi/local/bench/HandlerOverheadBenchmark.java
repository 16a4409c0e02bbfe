package io.stateapi.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.stateapi.auth.Callers;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateService;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.RequestQuota;
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
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the api function adds to its DynamoDB call, for GET and PUT ({@code make bench}; ADR 0041,
 * docs/performance.md "Handler overhead"): in one warmed JVM, the handler fed an API Gateway event
 * (authorizer claims, routing, quota, namespace settings, domain, JSON, response) against the store
 * adapter's own call for the same key on the same emulator, and between them the same work without
 * Micronaut's HTTP layer (the caller and quota as the binder makes them, then the domain service:
 * ADR 0073). Each round times one of each, the first rotating, so drift and noise on the shared
 * machine fall on all sides alike; the figure is
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

            // the same request's work without Micronaut's HTTP layer: the caller from the claims, the
            // quota, the domain call, as the binder and the controller make them (ADR 0073)
            ApplicationContext context = handler.getApplicationContext();
            Callers callers = context.getBean(Callers.class);
            RequestQuota quota = context.getBean(RequestQuota.class);
            StateService service = context.getBean(StateService.class);
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                    ColdStartEvents.get(handlerPath).getRequestContext().getAuthorizer();
            Namespace benchNamespace = Namespace.of("bench");
            Key domainKey = Key.of("overhead/domain");

            Samples.Operation handlerPut = () -> expect(handler.handleRequest(
                    ColdStartEvents.event("PUT", handlerPath, "{\"value\":" + BODY + "}"), new LocalContext()).getStatusCode(),
                    "PUT");
            Samples.Operation domainPut = () -> service.put(caller(callers, quota, authorizer), benchNamespace,
                    domainKey, new JsonDocument(BODY), null, Precondition.NONE, Optional.empty());
            Samples.Operation storePut = () -> store.put(namespace, storeKey, value, null, Precondition.NONE, Instant.now());
            Samples.Operation handlerGet = () -> expect(handler.handleRequest(ColdStartEvents.get(handlerPath),
                    new LocalContext()).getStatusCode(), "GET");
            Samples.Operation domainGet = () -> service.get(caller(callers, quota, authorizer), benchNamespace,
                    domainKey, ReadConsistency.STRONG);
            Samples.Operation storeGet = () -> store.get(namespace, storeKey, ReadConsistency.STRONG, Instant.now());

            long[][] put = rounds(handlerPut, domainPut, storePut);
            System.out.println("  PUT done");
            long[][] get = rounds(handlerGet, domainGet, storeGet);
            System.out.println("  GET done");
            Samples.header("operation", "handler p50", "handler p99", "domain alone p50", "DynamoDB call alone p50",
                    "ratio p50", "domain ratio p50", "added p50", "of it HTTP layer", "handler CPU/op", "domain CPU/op",
                    "DynamoDB call CPU/op", "CPU ratio");
            row("PUT (upsert of an existing key)", put);
            row("GET (strongly consistent)", get);
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("%nheap used after the run: %d MiB of %d MiB committed%n",
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.totalMemory() >> 20);
        }
    }

    /** What {@code CallerBinder} does before a controller runs: the caller from the claims, its quota charged. */
    private static Caller caller(Callers callers, RequestQuota quota,
                                 APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer) {
        Caller caller = callers.of(authorizer);
        caller.tenant().ifPresent(quota::admit);
        return caller;
    }

    /**
     * {@code [0..n-1]}: each operation's nanos, sorted; {@code [n]}: the calling thread's CPU nanos
     * of all rounds of each operation. Each round runs every operation once, the first one rotating.
     */
    private static long[][] rounds(Samples.Operation... operations) throws Exception {
        int n = operations.length;
        for (int i = 0; i < WARMUP; i++) {
            for (Samples.Operation operation : operations) {
                operation.run();
            }
        }
        long[][] nanos = new long[n + 1][];
        for (int op = 0; op < n; op++) {
            nanos[op] = new long[SAMPLES];
        }
        nanos[n] = new long[n];
        for (int i = 0; i < SAMPLES; i++) {
            for (int j = 0; j < n; j++) {
                int op = (i + j) % n;
                nanos[op][i] = time(operations[op], nanos[n], op);
            }
        }
        for (int op = 0; op < n; op++) {
            Arrays.sort(nanos[op]);
        }
        return nanos;
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

    /** A row of {@link #rounds}' figures for the handler, the domain alone and the DynamoDB call alone. */
    private static void row(String name, long[][] figures) {
        double handler = Samples.percentile(figures[0], 0.5);
        double domain = Samples.percentile(figures[1], 0.5);
        double store = Samples.percentile(figures[2], 0.5);
        double handlerCpu = figures[3][0] / 1e6 / SAMPLES;
        double domainCpu = figures[3][1] / 1e6 / SAMPLES;
        double storeCpu = figures[3][2] / 1e6 / SAMPLES;
        Samples.row(name, figures[0], 2, String.format("%.2f ms", domain), String.format("%.2f ms", store),
                String.format("%.2fx", handler / store), String.format("%.2fx", domain / store),
                String.format("%.2f ms", handler - store), String.format("%.2f ms", handler - domain),
                String.format("%.3f ms", handlerCpu), String.format("%.3f ms", domainCpu),
                String.format("%.3f ms", storeCpu), String.format("%.2fx", handlerCpu / storeCpu));
    }

    private static void expect(int status, String method) {
        if (status != 200 && status != 201) {
            throw new IllegalStateException(method + " answered " + status);
        }
    }
}
