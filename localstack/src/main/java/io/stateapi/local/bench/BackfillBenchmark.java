package io.stateapi.local.bench;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.SchemaBackfiller;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.schemas.ValueSchema;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.domain.schemas.ValueUpgrader;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbBackfillLedger;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbSchemaCatalog;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.jsonschema.NetworkntSchemaDialect;
import io.stateapi.local.LocalAws;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The schema backfill's throughput on the emulator ({@code make bench}; docs/performance.md,
 * ADR 0058): {@value #ITEMS} items of about 200 bytes written at schema version 1, upgraded to
 * version 2 by housekeeping runs of the real backfill (an in-memory transform: the figure is the
 * backfill's, not a transform language's) with 1, 4 and 16 segments at the highest rate a backfill
 * takes, and the capacity its calls consumed (each asked for {@code ReturnConsumedCapacity}).
 * Not a test: it asserts nothing, it measures.
 */
public final class BackfillBenchmark {

    static final int ITEMS = Integer.getInteger("bench.backfill.items", 2000);
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("BackfillBenchmark").parameter("items", ITEMS)
                .parameter("itemsPerSecond", BackfillRequest.MAX_ITEMS_PER_SECOND);
        report.phase("backfill of " + ITEMS + " items", () -> run(report));
        System.exit(report.finish());
    }

    /** Sums the capacity units every call reports; asks each read and write of the state table to report them. */
    static final class Capacity implements ExecutionInterceptor {
        final DoubleAdder read = new DoubleAdder();
        final DoubleAdder write = new DoubleAdder();

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            return switch (context.request()) {
                case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                case QueryRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
                default -> context.request();
            };
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            ConsumedCapacity used = switch (context.response()) {
                case UpdateItemResponse r -> r.consumedCapacity();
                case PutItemResponse r -> r.consumedCapacity();
                case QueryResponse r -> r.consumedCapacity();
                case GetItemResponse r -> r.consumedCapacity();
                default -> null;
            };
            if (used != null && used.capacityUnits() != null) {
                boolean writes = context.response() instanceof UpdateItemResponse || context.response() instanceof PutItemResponse;
                (writes ? write : read).add(used.capacityUnits());
            }
        }
    }

    private static void run(BenchReport report) throws Exception {
        LocalAws.useEmulatorDefaults();
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0)) {
            System.out.printf("Backfill benchmark: %d items, %d items/s asked, JDK %s, %d cores%n%n", ITEMS,
                    BackfillRequest.MAX_ITEMS_PER_SECOND, Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-10s %12s %12s %14s %14s%n", "segments", "items/s", "seconds", "write units", "read units");
            for (int segments : List.of(1, 4, 16)) {
                Capacity capacity = new Capacity();
                try (DynamoDbClient client = DynamoDbClients.create(emulator.endpoint(), List.of(capacity))) {
                    Measured measured = measure(client, capacity, segments, "bench-" + segments);
                    System.out.printf("%-10d %12.1f %12.1f %14.0f %14.0f%n", segments, measured.itemsPerSecond(),
                            measured.seconds(), capacity.write.sum(), capacity.read.sum());
                    report.value("items per second, " + segments + " segments", measured.itemsPerSecond(), "items/s");
                    report.value("write units per item, " + segments + " segments", capacity.write.sum() / ITEMS, "WCU");
                    report.value("read units per item, " + segments + " segments", capacity.read.sum() / ITEMS, "RCU");
                }
            }
        }
    }

    private record Measured(double itemsPerSecond, double seconds) {
    }

    private static Measured measure(DynamoDbClient client, Capacity capacity, int segments, String prefix) {
        String state = prefix + "-state";
        String catalog = prefix + "-catalog";
        ResourceBootstrap.createTable(client, state);
        ResourceBootstrap.createIdempotencyTable(client, prefix + "-idem");
        ResourceBootstrap.createCatalogTable(client, catalog);
        DynamoDbStateStore store = new DynamoDbStateStore(client, state, prefix + "-idem",
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION);
        DynamoDbNamespaceCatalog namespaces = new DynamoDbNamespaceCatalog(client, catalog, state);
        DynamoDbSchemaCatalog schemas = new DynamoDbSchemaCatalog(client, catalog);
        TenantNamespace namespace = TenantNamespace.of("bench", "orders");
        NamespaceInfo info = namespaces.createIfAbsent(namespace, T0.minusSeconds(60));
        schemas.create(info, new ValueSchema(namespace, 1, new JsonDocument("{\"type\":\"object\"}"), T0.minusSeconds(60)));
        String padding = "x".repeat(150);
        for (int i = 0; i < ITEMS; i++) {
            store.put(namespace, Key.of(String.format("orders/%06d", i)),
                    new JsonDocument("{\"i\":" + i + ",\"note\":\"" + padding + "\"}"), OptionalLong.of(1), null,
                    Precondition.NONE, WriteIdentity.fresh(), 0, T0.minusSeconds(30));
        }
        schemas.create(namespaces.find(namespace).orElseThrow(), new ValueSchema(namespace, 2,
                new JsonDocument("{\"type\":\"object\",\"required\":[\"v\"]}"), T0));
        NamespaceInfo active = namespaces.find(namespace).orElseThrow();
        capacity.read.reset();   // the backfill's own calls only from here
        capacity.write.reset();
        DynamoDbBackfillLedger ledger = new DynamoDbBackfillLedger(client, catalog);
        ledger.start(active, 2, new BackfillRequest(false, segments, BackfillRequest.MAX_ITEMS_PER_SECOND), T0, T0);
        ValueUpgrader addV = (ns, storedAt, value) -> new ValueUpgrader.Upgraded(
                new JsonDocument(value.json().substring(0, value.json().length() - 1) + ",\"v\":2}"), OptionalLong.of(2), true);
        SchemaBackfiller backfiller = new SchemaBackfiller(ledger, namespaces, store, addV,
                new ValueSchemas(schemas, new NetworkntSchemaDialect()));
        long started = System.nanoTime();
        BackfillStatus status;
        do {
            try {
                backfiller.advance(T0.plusSeconds(1), Duration.ofSeconds(50));
            } catch (StoreUnavailableException e) {
                // A call the emulator did not answer in time: the next run goes on from the checkpoints, as on AWS.
                System.out.println("  a run failed (" + e.getMessage() + "); the next goes on");
            }
            status = ledger.status(active, 2, T0).orElseThrow();
        } while (status.state() == BackfillState.RUNNING);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (status.counts().upgraded() != ITEMS) {
            throw new IllegalStateException("the backfill upgraded " + status.counts() + " of " + ITEMS);
        }
        return new Measured(ITEMS / seconds, seconds);
    }
}
