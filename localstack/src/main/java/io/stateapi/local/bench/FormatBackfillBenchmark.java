package io.stateapi.local.bench;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.backfill.Backfill;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.FormatBackfiller;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbBackfillLedger;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbLayoutUpgrades;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.dynamodb.ItemLayout;
import io.stateapi.local.LocalAws;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.metrics.StoreMetrics;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The format backfill's throughput on the emulator ({@code make bench}; docs/performance.md,
 * ADR 0062): {@value #ITEMS} items written at item format 1 (one in ten a value of 8 KiB, the
 * others about 250 bytes), rewritten to format 2 by housekeeping runs of the real backfill
 * ({@link FormatBackfiller} with the DynamoDB ledger and {@link DynamoDbLayoutUpgrades}) with 1 and
 * 4 segments at the highest rate a backfill takes, and the capacity its calls consumed. Not a
 * test: it asserts nothing, it measures.
 */
public final class FormatBackfillBenchmark {

    static final int ITEMS = Integer.getInteger("bench.backfill.items", 2000);
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private FormatBackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("FormatBackfillBenchmark").parameter("items", ITEMS)
                .parameter("itemsPerSecond", BackfillRequest.MAX_ITEMS_PER_SECOND);
        report.phase("format backfill of " + ITEMS + " items", () -> run(report));
        System.exit(report.finish());
    }

    private static void run(BenchReport report) throws Exception {
        LocalAws.useEmulatorDefaults();
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0)) {
            System.out.printf("Format backfill benchmark: %d items, %d items/s asked, JDK %s, %d cores%n%n", ITEMS,
                    BackfillRequest.MAX_ITEMS_PER_SECOND, Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-10s %12s %12s %14s %14s%n", "segments", "items/s", "seconds", "write units", "read units");
            for (int segments : List.of(1, 4)) {
                BackfillBenchmark.Capacity capacity = new BackfillBenchmark.Capacity();
                try (DynamoDbClient client = DynamoDbClients.create(emulator.endpoint(), List.of(capacity))) {
                    double seconds = measure(client, capacity, segments, "fmt-" + segments);
                    System.out.printf("%-10d %12.1f %12.1f %14.0f %14.0f%n", segments, ITEMS / seconds, seconds,
                            capacity.write.sum(), capacity.read.sum());
                    report.value("items per second, " + segments + " segments", ITEMS / seconds, "items/s");
                    report.value("write units per item, " + segments + " segments", capacity.write.sum() / ITEMS, "WCU");
                    report.value("read units per item, " + segments + " segments", capacity.read.sum() / ITEMS, "RCU");
                }
            }
        }
    }

    /** Seconds the backfill took to rewrite every item. */
    private static double measure(DynamoDbClient client, BackfillBenchmark.Capacity capacity, int segments, String prefix) {
        String state = prefix + "-state";
        String catalog = prefix + "-catalog";
        ResourceBootstrap.createTable(client, state);
        ResourceBootstrap.createIdempotencyTable(client, prefix + "-idem");
        ResourceBootstrap.createCatalogTable(client, catalog);
        DynamoDbStateStore format1 = new DynamoDbStateStore(client, state, prefix + "-idem",
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION, StoreMetrics.NONE, new ItemLayout(1));
        DynamoDbNamespaceCatalog namespaces = new DynamoDbNamespaceCatalog(client, catalog, state);
        TenantNamespace namespace = TenantNamespace.of("bench", "orders");
        NamespaceInfo info = namespaces.createIfAbsent(namespace, T0.minusSeconds(60));
        String small = "x".repeat(200);
        String large = "y".repeat(8 * 1024);
        for (int i = 0; i < ITEMS; i++) {
            format1.put(namespace, Key.of(String.format("orders/%06d", i)),
                    new JsonDocument("{\"i\":" + i + ",\"note\":\"" + (i % 10 == 0 ? large : small) + "\"}"), null,
                    Precondition.NONE, WriteIdentity.fresh(), T0.minusSeconds(30));
        }
        capacity.read.reset();   // the backfill's own calls only from here
        capacity.write.reset();
        DynamoDbBackfillLedger ledger = new DynamoDbBackfillLedger(client, catalog);
        ledger.start(info, Backfill.Kind.FORMAT, 2, new BackfillRequest(false, segments, BackfillRequest.MAX_ITEMS_PER_SECOND),
                T0, T0);
        FormatBackfiller backfiller = new FormatBackfiller(ledger, namespaces, format1, new DynamoDbLayoutUpgrades(client, state));
        long started = System.nanoTime();
        BackfillStatus status;
        do {
            try {
                backfiller.advance(T0.plusSeconds(1), Duration.ofSeconds(50));
            } catch (StoreUnavailableException e) {
                System.out.println("  a run failed (" + e.getMessage() + "); the next goes on");
            }
            status = ledger.status(info, Backfill.Kind.FORMAT, 2, T0).orElseThrow();
        } while (status.state() == BackfillState.RUNNING);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (status.counts().scanned() != ITEMS) {
            throw new IllegalStateException("the backfill reached " + status.counts() + " of " + ITEMS);
        }
        System.out.printf("  %d segments: %s%n", segments, status.counts());
        return seconds;
    }
}
