package io.stateapi.local.bench;

import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbStateStore;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A peer side by side, layer for layer ({@code make bench}; docs/performance.md, ADR 0043): Dapr's
 * DynamoDB state store (components-contrib, pinned in localstack/bench/dapr/go.mod) against this
 * project's, on the same moto emulator in the same run, with one workload ({@link PeerWorkload}).
 *
 * <ul>
 *   <li>in process: Dapr's {@code state.Store} in a Go driver against this project's
 *       {@link DynamoDbStateStore} through the domain's port, with Dapr's own DynamoDB requests
 *       sent from Java between them ({@link DaprCallsPeer}) to tell the language from the layout;</li>
 *   <li>over HTTP: Dapr's sidecar (daprd, standalone, built from the pinned release) against this
 *       project's HTTP API on the local stack, both driven by the same Java HTTP client.</li>
 * </ul>
 *
 * Each side has its own table or namespace, each round fresh keys; the sides run one after the
 * other (never at once: they would share the emulator), and the rounds repeat so the noise shows.
 * Without Go on the PATH it says so and measures nothing. {@code -Dbench.daprd=off} leaves the
 * sidecar out (its first build takes minutes). Not a test: it asserts nothing, it measures.
 */
public final class PeerBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.peer.warmup", 200);
    private static final int SAMPLES = Integer.getInteger("bench.peer.samples", 500);
    private static final int INCREMENTS = Integer.getInteger("bench.peer.increments", 200);
    private static final int ROUNDS = Integer.getInteger("bench.peer.rounds", 3);
    private static final List<Integer> WRITERS = List.of(1, 8);
    private static final String DAPR_IN_PROCESS = "Dapr state/aws/dynamodb (Go, components-contrib v1.16.1)";
    private static final String DAPR_CALLS_JAVA = "Dapr's DynamoDB calls replayed from Java";
    private static final String OURS_IN_PROCESS = "DynamoDbStateStore via StateStore (Java)";
    private static final String DAPR_HTTP = "daprd v1.16.0 HTTP state API";
    private static final String OURS_HTTP = "State API, local stack";

    private PeerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Optional<String> go = GoDriver.toolchain();
        if (go.isEmpty()) {
            System.out.println("PeerBenchmark skipped: no Go toolchain on the PATH (Go 1.24 or later builds the Dapr"
                    + " driver in localstack/bench/dapr; docs/performance.md).");
            return;
        }
        Path root = Path.of(System.getProperty("stateapi.root", ".")).toAbsolutePath().normalize();
        System.out.printf("Peer benchmark: Dapr's DynamoDB state store beside this project's, %d rounds, %d samples"
                        + " after %d warm-up rounds per latency, %d compare-and-set increments per goodput figure;"
                        + " %s, JDK %s, %d cores%n%n", ROUNDS, SAMPLES, WARMUP, INCREMENTS, go.get(),
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        GoDriver driver = GoDriver.build(root);
        Optional<Path> daprdBinary = buildDaprd(root);
        PeerWorkload workload = new PeerWorkload(WARMUP, SAMPLES, INCREMENTS, WRITERS);
        Map<String, List<PeerFigures>> figures = new LinkedHashMap<>();
        try (BenchStack bench = BenchStack.start("bench-peer", "state:read state:write");
             DynamoDbClient dynamoDb = DynamoDbClients.create(bench.emulator().endpoint(), List.of())) {
            URI emulator = bench.emulator().endpoint();
            createDaprTable(dynamoDb, "dapr-peer-replayed");
            Daprd daprd = null;
            if (daprdBinary.isPresent()) {
                createDaprTable(dynamoDb, "dapr-peer-sidecar");
                daprd = Daprd.start(daprdBinary.get(), emulator, "dapr-peer-sidecar");
            }
            try {
                PeerClient ours = new StorePeer(DynamoDbStateStore.of(dynamoDb, bench.resources()),
                        TenantNamespace.of(BenchStack.TENANT, "peer-store"));
                PeerClient replayed = new DaprCallsPeer(dynamoDb, "dapr-peer-replayed");
                // HttpPeer sends 429 and 503 again itself and counts them as refusals, so a plain client.
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                PeerClient api = HttpPeer.stateApi(http, bench.api(), bench.authorization(), "peer-http");
                PeerClient sidecar = daprd == null ? null : HttpPeer.daprd(http, daprd.http(), Daprd.STORE);
                for (int round = 1; round <= ROUNDS; round++) {
                    String keys = "r" + round;
                    record(figures, DAPR_IN_PROCESS, driver.run(emulator, "dapr-peer-inprocess-" + round,
                            WARMUP, SAMPLES, INCREMENTS, WRITERS));
                    record(figures, DAPR_CALLS_JAVA, workload.run(DAPR_CALLS_JAVA, replayed, keys));
                    record(figures, OURS_IN_PROCESS, workload.run(OURS_IN_PROCESS, ours, keys));
                    if (sidecar != null) {
                        record(figures, DAPR_HTTP, workload.run(DAPR_HTTP, sidecar, keys));
                    }
                    record(figures, OURS_HTTP, workload.run(OURS_HTTP, api, keys));
                    System.out.printf("round %d of %d done%n", round, ROUNDS);
                }
            } finally {
                if (daprd != null) {
                    daprd.close();
                }
            }
        }
        print(figures, daprdBinary.isPresent());
        write(root, figures);
    }

    /** daprd, unless switched off or its build fails (then the HTTP layer has this project's side alone). */
    private static Optional<Path> buildDaprd(Path root) {
        if ("off".equals(System.getProperty("bench.daprd"))) {
            System.out.println("daprd left out (-Dbench.daprd=off): the HTTP layer shows this project's side alone");
            return Optional.empty();
        }
        try {
            return Optional.of(Daprd.build(root));
        } catch (Exception e) {
            System.out.println("daprd did not build, the HTTP layer shows this project's side alone: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The table Dapr's store expects: partition key "key"; "value" and "etag" need no schema. */
    private static void createDaprTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("key")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build()));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    private static void record(Map<String, List<PeerFigures>> figures, String side, PeerFigures round) {
        PeerFigures named = new PeerFigures(side, round.latency(), round.goodput(), round.refusals());
        figures.computeIfAbsent(side, s -> new ArrayList<>()).add(named);
        PeerFigures.Goodput one = named.goodputOf(WRITERS.getFirst());
        PeerFigures.Goodput many = named.goodputOf(WRITERS.getLast());
        System.out.printf("  %-58s get %6.2f  set %6.2f  set+ETag %6.2f ms p50 | CAS %5.1f/s x1, %5.1f/s x%d,"
                        + " lost %d%s%n", side, named.latency().get("get").p50(), named.latency().get("set").p50(),
                named.latency().get("set_etag").p50(), one.perSecond(), many.perSecond(), many.writers(),
                one.lost() + many.lost(), named.refusals() == 0 ? "" : ", " + named.refusals() + " refusals sent again");
    }

    private static void print(Map<String, List<PeerFigures>> figures, boolean withDaprd) {
        System.out.println();
        PeerTable table = new PeerTable(WRITERS);
        table.header();
        table.side("in process", figures.get(DAPR_IN_PROCESS));
        table.side("in process", figures.get(DAPR_CALLS_JAVA));
        table.side("in process", figures.get(OURS_IN_PROCESS));
        table.ratio("in process", "this project ÷ Dapr", figures.get(OURS_IN_PROCESS), figures.get(DAPR_IN_PROCESS));
        table.ratio("in process", "this project ÷ Dapr's calls from Java", figures.get(OURS_IN_PROCESS),
                figures.get(DAPR_CALLS_JAVA));
        if (withDaprd) {
            table.side("HTTP", figures.get(DAPR_HTTP));
        }
        table.side("HTTP", figures.get(OURS_HTTP));
        if (withDaprd) {
            table.ratio("HTTP", "this project ÷ Dapr", figures.get(OURS_HTTP), figures.get(DAPR_HTTP));
        }
        long refusals = figures.get(OURS_HTTP).stream().mapToLong(PeerFigures::refusals).sum();
        if (refusals > 0) {
            System.out.printf("%nThis project's API answered 429/503 %d times; each was sent again after 100 ms.%n", refusals);
        }
    }

    private static void write(Path root, Map<String, List<PeerFigures>> figures) throws Exception {
        JsonArrayBuilder rounds = Json.createArrayBuilder();
        figures.values().forEach(sides -> sides.forEach(f -> rounds.add(f.toJson())));
        Path out = root.resolve("localstack/target/peer/peer-benchmark.json");
        Files.writeString(out, Json.createObjectBuilder().add("warmup", WARMUP).add("samples", SAMPLES)
                .add("increments", INCREMENTS).add("figures", rounds).build().toString());
        System.out.println("\nall rounds as JSON: " + root.relativize(out));
    }
}
