package io.stateapi.local.bench;

import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Throughput against concurrent clients on the local stack (docs/capacity.md), and the emulator's
 * own limit measured apart, so that the two are never confused:
 *
 * <ul>
 *   <li><b>HTTP API</b>: 1, 2, 4, 8, 16 closed-loop clients over HTTP through the local gateway and
 *       the api function, GET (strong) : PUT = 4 : 1, 1 KiB values, on {@code bench.curve.keys}
 *       keys drawn uniformly (no hot key);</li>
 *   <li><b>moto alone</b>: the same mix and the same clients with the AWS SDK's DynamoDB client
 *       straight against the same emulator ({@code GetItem} strongly consistent, {@code PutItem}
 *       of a 1 KiB item with the state item's key layout), i.e. what the emulator serves with no
 *       HTTP API, Lambda event mapping or Micronaut in front of it.</li>
 * </ul>
 *
 * <p>Everything runs on one machine (clients, gateway, function and moto share its cores), so
 * the figures are that machine's and moto's, not AWS capacity: on AWS each Lambda instance has
 * its own cores and DynamoDB is not one Python process. The change pipeline is paused
 * ({@link BenchStack}). Settings: {@code bench.curve.seconds} measured per point (10),
 * {@code bench.curve.warmupSeconds} (3), {@code bench.curve.keys} (1000),
 * {@code bench.curve.clients} ("1,2,4,8,16").
 */
public final class ThroughputCurveBenchmark {

    static final String CHART = "throughput-clients";
    static final String HTTP_LINE = "HTTP API on the local stack (GET:PUT 4:1, 1 KiB)";
    static final String MOTO_LINE = "moto alone, AWS SDK GetItem:PutItem 4:1, 1 KiB (the emulator's limit)";

    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.curve.seconds", "10"));
    private static final double WARMUP = Double.parseDouble(System.getProperty("bench.curve.warmupSeconds", "3"));
    private static final int KEYS = Integer.getInteger("bench.curve.keys", 1000);
    private static final int[] CLIENTS = Arrays.stream(System.getProperty("bench.curve.clients", "1,2,4,8,16")
            .split(",")).mapToInt(c -> Integer.parseInt(c.trim())).toArray();
    private static final int VALUE_BYTES = 1024;
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench");
    private static final String SCOPES = "state:read state:write";

    private ThroughputCurveBenchmark() {
    }

    public static void main(String[] args) {
        BenchReport report = BenchReport.start("ThroughputCurveBenchmark").parameter("seconds", SECONDS)
                .parameter("warmupSeconds", WARMUP).parameter("keys", KEYS).parameter("clients", CLIENTS)
                .parameter("valueBytes", VALUE_BYTES).parameter("readsPerWrite", ClosedLoopLoad.READS_PER_WRITE);
        String value = value(VALUE_BYTES);
        report.phase("local stack", () -> {
            try (BenchStack bench = BenchStack.start(report, RESOURCES.environment(), SCOPES);
                 DynamoDbClient dynamoDb = DynamoDbClients.create(bench.emulator().endpoint(), List.of())) {
                ClosedLoopLoad overHttp = httpLoad(bench, value);
                ClosedLoopLoad motoAlone = motoLoad(dynamoDb, value);
                report.phase("fill " + KEYS + " keys over HTTP and in moto", () -> fill(overHttp, motoAlone));
                // Alternating the two at each client count keeps a drift of the machine (other
                // processes, the emulator's memory growing) from falling on one line only.
                for (int clients : CLIENTS) {
                    report.phase(clients + " clients, moto alone", () -> point(report, MOTO_LINE, motoAlone, clients));
                    report.phase(clients + " clients, HTTP API", () -> point(report, HTTP_LINE, overHttp, clients));
                }
            }
        });
        System.exit(report.finish());
    }

    private static ClosedLoopLoad httpLoad(BenchStack bench, String value) {
        RetryingHttp http = bench.http();
        String authorization = bench.authorization();
        String body = "{\"value\":" + value + "}";
        URI base = bench.api().resolve("/v1/namespaces/capacity/keys/");
        return new ClosedLoopLoad(KEYS,
                key -> expect(http.send(HttpRequest.newBuilder(base.resolve("k/" + key))
                        .header("Authorization", authorization).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray())),
                key -> expect(http.send(HttpRequest.newBuilder(base.resolve("k/" + key))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding())));
    }

    private static ClosedLoopLoad motoLoad(DynamoDbClient dynamoDb, String value) {
        String table = RESOURCES.tableName();
        TenantNamespace direct = TenantNamespace.of(BenchStack.TENANT, "capacity-direct");
        return new ClosedLoopLoad(KEYS,
                key -> {
                    if (!dynamoDb.getItem(b -> b.tableName(table).key(StateItem.key(direct, Key.of("k/" + key)))
                            .consistentRead(true)).hasItem()) {
                        throw new IllegalStateException("no item k/" + key);
                    }
                },
                key -> {
                    Map<String, AttributeValue> item = new HashMap<>(StateItem.key(direct, Key.of("k/" + key)));
                    item.put(StateItem.VALUE, AttributeValue.fromS(value));
                    item.put(StateItem.VERSION, AttributeValue.fromN("1"));
                    item.put(StateItem.UPDATED_AT, AttributeValue.fromN(Long.toString(System.currentTimeMillis())));
                    dynamoDb.putItem(b -> b.tableName(table).item(item));
                });
    }

    /** Writes every key once on both paths, so every read finds its key. */
    private static void fill(ClosedLoopLoad overHttp, ClosedLoopLoad motoAlone) throws Exception {
        int clients = 8;
        Progress progress = Progress.of("keys filled", 2L * KEYS);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int key = client; key < KEYS; key += clients) {
                        overHttp.write(key);
                        progress.step();
                        motoAlone.write(key);
                        progress.step();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    private static void point(BenchReport report, String line, ClosedLoopLoad load, int clients) throws Exception {
        ClosedLoopLoad.Result result = load.run(line, clients, WARMUP, SECONDS);
        Latencies latencies = result.latencies();
        System.out.printf("| %s | %d clients | %.0f requests/s | p50 %.2f ms | p99 %.2f ms | %d failed |%n",
                line, clients, result.perSecond(), latencies.millisAt(50), latencies.millisAt(99), result.failures());
        report.point(CHART, line, "concurrent clients", clients, "requests per second", result.perSecond());
        String name = line + ", " + clients + " clients";
        report.value(name + ", requests per second", result.perSecond(), "1/s");
        report.value(name + ", p50", latencies.millisAt(50), "ms");
        report.value(name + ", p99", latencies.millisAt(99), "ms");
        report.value(name + ", failed requests", result.failures(), "requests");
    }

    /** Compact JSON of exactly {@code bytes} bytes (ASCII): {@code {"pad":"xxx..."}}. */
    static String value(int bytes) {
        String open = "{\"pad\":\"";
        String close = "\"}";
        return open + "x".repeat(bytes - open.length() - close.length()) + close;
    }

    /** A read answers 200; a write 200, or 201 when it created the key. */
    private static void expect(HttpResponse<?> response) {
        if (response.statusCode() == 200 || response.statusCode() == 201) {
            return;
        }
        throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                + " answered " + response.statusCode());
    }
}
