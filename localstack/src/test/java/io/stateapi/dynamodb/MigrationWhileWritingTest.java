package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.BackfillTables.T0;
import static io.stateapi.dynamodb.BackfillTables.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.SchemaBackfiller;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.schemas.CompiledSchema;
import io.stateapi.domain.schemas.UpgradeOnRead;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.jsonschema.NetworkntSchemaDialect;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Items written at schema version 1 across several namespaces are migrated to version 2 while
 * writers keep writing (issue 15): no write is lost, every item ends at version 2, and every read
 * during the migration returns a value valid at the version it reports. The size is
 * {@code -Dstateapi.migration.items} (the 10,000; a few hundred by default, which keeps
 * the suite's time: the emulator serves about 5 to 20 calls a second on the shared machine).
 *
 * <p>Version 2 comes with a JSONata migration (ADR 0057); the backfill and the reads upgrade with
 * it, as the housekeeping function and the api function do.
 */
class MigrationWhileWritingTest {

    private static final int ITEMS = Integer.getInteger("stateapi.migration.items", 240);
    private static final int NAMESPACES = 3;
    private static final int WRITERS = 2;

    private final BackfillTables tables = new BackfillTables();

    @AfterEach
    void dropTables() {
        tables.close();
    }

    /** The last value each writer had acknowledged, per namespace and key: each key has one writer. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> invalidReads = new CopyOnWriteArrayList<>();
    /** Reads whose upgrade failed (on a loaded machine: JSONata's 100 ms bound) and that served the stored value. */
    private final AtomicLong readFallbacks = new AtomicLong();

    @Test
    void itemsAreMigratedWhileWritersWriteAndNoWriteIsLost() throws Exception {
        List<TenantNamespace> namespaces = new ArrayList<>();
        List<NamespaceInfo> infos = new ArrayList<>();
        for (int n = 0; n < NAMESPACES; n++) {
            TenantNamespace namespace = TenantNamespace.of("tenant-" + n, "orders");
            namespaces.add(namespace);
            infos.add(tables.namespaceAtVersion2(namespace, ITEMS / NAMESPACES,
                    Optional.of("$merge([$, {\"v\": 2}])")));
            tables.ledger(tables.client).start(infos.get(n), 2, new BackfillRequest(false, 4, 1000), T0, T0);
        }
        NetworkntSchemaDialect dialect = new NetworkntSchemaDialect();
        Map<Long, CompiledSchema> schemas = Map.of(1L, dialect.compile(new JsonDocument(BackfillTables.V1)),
                2L, dialect.compile(new JsonDocument(BackfillTables.V2)));
        AtomicBoolean migrating = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(WRITERS + 1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            running.add(load.submit(() -> write(namespaces, writer, migrating, writes)));
        }
        UpgradeOnRead upgradeOnRead = new UpgradeOnRead(new NamespaceSettingsCache(tables.namespaces, Clock.systemUTC()),
                // A failed upgrade serves the stored value at its stored version (ADR 0057): still valid at what it reports.
                tables.migrations(), failure -> readFallbacks.incrementAndGet());
        running.add(load.submit(() -> read(namespaces, schemas, upgradeOnRead, migrating, reads)));

        SchemaBackfiller backfiller = tables.backfiller(tables.client, tables.client, tables.migrations());
        for (int run = 0; run < 50 && infos.stream().anyMatch(i -> tables.ledger(tables.client).status(i, 2, T0)
                .orElseThrow().state() == BackfillState.RUNNING); run++) {
            backfiller.advance(T0.plusSeconds(1), Duration.ofSeconds(20));
        }
        migrating.set(false);
        for (Future<?> task : running) {
            task.get();
        }
        load.shutdown();

        assertThat(writes.get()).as("writers wrote during the migration").isPositive();
        assertThat(reads.get()).as("readers read during the migration").isPositive();
        assertThat(invalidReads).as("reads whose value breaks the version they report (of " + reads.get()
                + "; " + readFallbacks.get() + " served as stored after a failed upgrade)").isEmpty();
        for (int n = 0; n < NAMESPACES; n++) {
            BackfillStatus status = tables.ledger(tables.client).status(infos.get(n), 2, T0).orElseThrow();
            assertThat(status.state()).isEqualTo(BackfillState.DONE);
            assertThat(status.counts().scanned()).isEqualTo(ITEMS / NAMESPACES);
            assertThat(status.counts().failed()).isZero();
            assertThat(status.counts().upgraded() + status.counts().alreadyCurrent()).isEqualTo(ITEMS / NAMESPACES);
            for (int i = 0; i < ITEMS / NAMESPACES; i++) {
                StateRecord record = tables.store.get(namespaces.get(n), key(i), ReadConsistency.STRONG, T0).orElseThrow();
                assertThat(record.schemaVersion()).as(namespaces.get(n) + " " + key(i)).hasValue(2);
                String written = acknowledged.get(n + "/" + i);
                assertThat(record.value().json()).as("no write lost: " + key(i))
                        .isEqualTo(written != null ? written : "{\"i\":" + i + ",\"v\":2}");
            }
        }
    }

    /** Rewrites its own keys (i % WRITERS) at version 2, as an api function that knows version 2 does. */
    private void write(List<TenantNamespace> namespaces, int writer, AtomicBoolean migrating, AtomicLong writes) {
        Random random = new Random(writer);
        while (migrating.get()) {
            int n = random.nextInt(NAMESPACES);
            int i = random.nextInt(ITEMS / NAMESPACES / WRITERS) * WRITERS + writer;
            String value = "{\"i\":" + i + ",\"v\":2,\"w\":" + writes.incrementAndGet() + "}";
            tables.store.put(namespaces.get(n), key(i), new JsonDocument(value), OptionalLong.of(2), null,
                    Precondition.NONE, WriteIdentity.fresh(), 0, T0);
            acknowledged.put(n + "/" + i, value);
            pause(20);
        }
    }

    /** Reads keys at random as the api function does (upgraded on read) and checks each value against the version it reports. */
    private void read(List<TenantNamespace> namespaces, Map<Long, CompiledSchema> schemas, UpgradeOnRead upgradeOnRead,
                      AtomicBoolean migrating, AtomicLong reads) {
        Random random = new Random(99);
        while (migrating.get()) {
            int n = random.nextInt(NAMESPACES);
            Key key = key(random.nextInt(ITEMS / NAMESPACES));
            Optional<StateRecord> record = tables.store.get(namespaces.get(n), key, ReadConsistency.STRONG, T0)
                    .map(upgradeOnRead::record);
            reads.incrementAndGet();
            record.ifPresent(r -> {
                long version = r.schemaVersion().orElse(0);
                if (!schemas.containsKey(version) || !schemas.get(version).violations(r.value()).isEmpty()) {
                    invalidReads.add(key + " at " + version + ": " + r.value().json());
                }
            });
            pause(10);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
