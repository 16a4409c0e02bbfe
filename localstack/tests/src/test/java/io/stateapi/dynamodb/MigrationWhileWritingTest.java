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
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.schemas.CompiledSchema;
import io.stateapi.domain.schemas.UpgradeOnRead;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.jsonschema.NetworkntSchemaDialect;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items written at schema version 1 across several namespaces are migrated to version 2 while
 * writers keep writing (issue 15): no write is lost, every item ends at version 2, and every read
 * during the migration (a get, a batch get, a listing with values: each path that upgrades on
 * read) returns a value valid at the version it reports, at the size: 10,000 items
 * ({@code -Dstateapi.migration.items=N} sets another). Each upgrade is one conditional
 * {@code PutItem} of the whole item (ADR 0067), about 3 ms of the emulator's one core where the
 * {@code UpdateItem} it replaced took 8 (docs/performance.md, "Schema backfill").
 *
 * <p>Where the time goes is chosen: the version-1 items are written in bulk ({@link BulkSeed}, the
 * items a put leaves, 25 to a call, four namespaces at a time), the backfill runs at 8 segments
 * and its highest rate in runs long enough to take each lease once, the
 * version's settling time is passed on a fixed clock (the backfill's {@code notBefore} is
 * {@code T0}), the reads check a hundred values a call and keep to a tenth of the emulator (the
 * writers' two writes every 100 ms take less), and the final check lists each namespace.
 * The tables are the test's own, so no change event reaches the local fan-out. What remains is
 * what the check is about: one conditional write per item, racing the writers.
 *
 * <p>Version 2 comes with a JSONata migration (ADR 0057); the backfill and the reads upgrade with
 * it, as the housekeeping function and the api function do.
 */
class MigrationWhileWritingTest {

    private static final int ITEMS = Integer.getInteger("stateapi.migration.items", 10_000);
    /** Ten namespaces of a thousand: the emulator sorts a whole partition for each page it queries. */
    private static final int NAMESPACES = 10;
    private static final int PER_NAMESPACE = ITEMS / NAMESPACES;
    private static final int WRITERS = 2;
    private static final int READ_BATCH = 100;
    /** The reader pauses at least this long after a turn, and nine times as long as the turn took. */
    private static final long READ_PAUSE_MS = 200;
    private static final long READ_DUTY = 9;
    /** A housekeeping run's budget: long enough that a run takes each segment's lease once, not a lease a page. */
    private static final Duration RUN_BUDGET = Duration.ofSeconds(60);
    private static final BackfillRequest FASTEST = new BackfillRequest(false, 8, BackfillRequest.MAX_ITEMS_PER_SECOND);

    private final BackfillTables tables = new BackfillTables();

    @AfterEach
    void dropTables() {
        tables.close();
    }

    /** The last value each writer had acknowledged, per namespace and key: each key has one writer. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> invalidReads = new CopyOnWriteArrayList<>();
    /** Reads whose upgrade failed (on a loaded machine: JSONata's time bound) and that served the stored value. */
    private final AtomicLong readFallbacks = new AtomicLong();
    /** Reads the emulator answered after the client's timeout (a loaded machine): they read nothing, so check nothing. */
    private final AtomicLong readTimeouts = new AtomicLong();

    @Test
    void itemsAreMigratedWhileWritersWriteAndNoWriteIsLost() throws Exception {
        long started = System.nanoTime();
        Duration emulatorAtStart = emulatorCpu();
        List<TenantNamespace> namespaces = new ArrayList<>();
        for (int n = 0; n < NAMESPACES; n++) {
            namespaces.add(TenantNamespace.of("tenant-" + n, "orders"));
        }
        // The namespaces are seeded side by side: the emulator serves one call at a time, the client's round trips overlap.
        List<NamespaceInfo> infos;
        try (ExecutorService seeding = Executors.newFixedThreadPool(4)) {
            List<Future<NamespaceInfo>> seeded = new ArrayList<>();
            for (TenantNamespace namespace : namespaces) {
                seeded.add(seeding.submit(() -> {
                    NamespaceInfo info = tables.namespaceAtVersion2InBulk(namespace, PER_NAMESPACE, "$merge([$, {\"v\": 2}])");
                    tables.ledger(tables.client).start(info, 2, FASTEST, T0, T0);
                    return info;
                }));
            }
            infos = new ArrayList<>();
            for (Future<NamespaceInfo> info : seeded) {
                infos.add(info.get());
            }
        }
        long seeded = System.nanoTime();
        Duration emulatorSeeded = emulatorCpu();
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
        int runs = 0;
        int timedOut = 0;
        for (; runs < 100 && infos.stream().anyMatch(i -> status(i).state() == BackfillState.RUNNING); runs++) {
            try {
                backfiller.advance(T0.plusSeconds(1), RUN_BUDGET);
            } catch (StoreUnavailableException e) {
                timedOut++;   // the emulator queued a call past the client's timeout: the next run goes on from the checkpoints
            }
        }
        long migrated = System.nanoTime();
        Duration emulatorMigrated = emulatorCpu();
        migrating.set(false);
        for (Future<?> task : running) {
            task.get();
        }
        load.shutdown();

        assertThat(writes.get()).as("writers wrote during the migration").isPositive();
        assertThat(reads.get()).as("values read during the migration").isPositive();
        assertThat(invalidReads).as("reads whose value breaks the version they report (of " + reads.get()
                + "; " + readFallbacks.get() + " served as stored after a failed upgrade)").isEmpty();
        for (int n = 0; n < NAMESPACES; n++) {
            BackfillStatus status = status(infos.get(n));
            assertThat(status.state()).isEqualTo(BackfillState.DONE);
            assertThat(status.counts().scanned()).isEqualTo(PER_NAMESPACE);
            assertThat(status.counts().failed()).isZero();
            assertThat(status.counts().upgraded() + status.counts().alreadyCurrent()).isEqualTo(PER_NAMESPACE);
            Map<Key, ListedKey> stored = everyKey(namespaces.get(n));
            assertThat(stored).as("every key of " + namespaces.get(n)).hasSize(PER_NAMESPACE);
            for (int i = 0; i < PER_NAMESPACE; i++) {
                ListedKey item = stored.get(key(i));
                assertThat(item).as(namespaces.get(n) + " " + key(i)).isNotNull();
                assertThat(item.storedSchemaVersion()).as(namespaces.get(n) + " " + key(i)).hasValue(2);
                String written = acknowledged.get(n + "/" + i);
                assertThat(item.value().orElseThrow().json()).as("no write lost: " + namespaces.get(n) + " " + key(i))
                        .isEqualTo(written != null ? written : "{\"i\":" + i + ",\"v\":2}");
            }
        }
        long checked = System.nanoTime();
        Duration emulatorChecked = emulatorCpu();
        // The emulator's CPU time beside each wall time: what the phase costs on a machine nobody else uses.
        System.out.printf("MigrationWhileWritingTest: %d items in %d namespaces: seeded in %.1f s (emulator CPU %.1f s),"
                        + " migrated in %.1f s (%.0f items/s; emulator CPU %.1f s; %d housekeeping runs, %d cut short by a"
                        + " timeout) with %d writes and %d values read meanwhile (%d read calls timed out), checked in %.1f s"
                        + " (emulator CPU %.1f s)%n",
                ITEMS, NAMESPACES, seconds(seeded - started), cpu(emulatorAtStart, emulatorSeeded),
                seconds(migrated - seeded), ITEMS / seconds(migrated - seeded), cpu(emulatorSeeded, emulatorMigrated),
                runs, timedOut, writes.get(), reads.get(), readTimeouts.get(), seconds(checked - migrated),
                cpu(emulatorMigrated, emulatorChecked));
    }

    @Test
    void seededItemsAreTheItemsAPutLeaves() {
        TenantNamespace namespace = TenantNamespace.of("tenant-seed", "orders");
        JsonDocument value = new JsonDocument("{\"i\":1}");
        BulkSeed.firstVersions(tables.client, tables.stateTable, namespace, Map.of(key(1), value), 1, T0);
        tables.store.put(namespace, key(2), value, OptionalLong.of(1), null, Precondition.NONE, WriteIdentity.fresh(), 0, T0);

        Map<String, AttributeValue> seeded = rawItem(namespace, key(1));
        Map<String, AttributeValue> put = rawItem(namespace, key(2));
        assertThat(seeded.keySet()).isEqualTo(put.keySet());
        Set<String> perWrite = Set.of(StateItem.SK, StateItem.WRITE_TOKEN);
        for (String attribute : put.keySet()) {
            if (!perWrite.contains(attribute)) {
                assertThat(seeded.get(attribute)).as(attribute).isEqualTo(put.get(attribute));
            }
        }
        assertThat(tables.read(namespace, key(1))).usingRecursiveComparison().ignoringFields("key")
                .isEqualTo(tables.read(namespace, key(2)));
    }

    private Map<String, AttributeValue> rawItem(TenantNamespace namespace, Key key) {
        return tables.client.getItem(b -> b.tableName(tables.stateTable).key(StateItem.key(namespace, key))
                .consistentRead(true)).item();
    }

    private BackfillStatus status(NamespaceInfo namespace) {
        return retried(() -> tables.ledger(tables.client).status(namespace, 2, T0).orElseThrow());
    }

    /**
     * A read of the test's own, asked again when the emulator answered it after the client's
     * timeout (on a loaded machine calls queue behind its DynamoDB lock): reads change nothing.
     */
    private static <T> T retried(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StoreUnavailableException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The namespace's live items as stored (not upgraded on read), a listing page of a thousand at a time. */
    private Map<Key, ListedKey> everyKey(TenantNamespace namespace) {
        Map<Key, ListedKey> keys = new LinkedHashMap<>();
        Optional<Key> after = Optional.empty();
        do {
            Optional<Key> from = after;
            KeyPage page = retried(() -> tables.store.list(namespace, new KeyQuery(KeyPrefix.NONE, from, 1000, true),
                    ReadConsistency.STRONG, T0));
            page.keys().forEach(listed -> keys.put(listed.key(), listed));
            after = page.resumeAfter();
        } while (after.isPresent());
        return keys;
    }

    /** Rewrites its own keys (i % WRITERS) at version 2, as an api function that knows version 2 does. */
    private void write(List<TenantNamespace> namespaces, int writer, AtomicBoolean migrating, AtomicLong writes) {
        Random random = new Random(writer);
        while (migrating.get()) {
            int n = random.nextInt(NAMESPACES);
            int i = random.nextInt(PER_NAMESPACE / WRITERS) * WRITERS + writer;
            String value = "{\"i\":" + i + ",\"v\":2,\"w\":" + writes.incrementAndGet() + "}";
            WriteIdentity identity = WriteIdentity.fresh();
            for (int attempt = 1; ; attempt++) {
                try {
                    tables.store.put(namespaces.get(n), key(i), new JsonDocument(value), OptionalLong.of(2), null,
                            Precondition.NONE, identity, 0, T0);
                    break;
                } catch (StoreUnavailableException e) {
                    // Unknown outcome: sent again with its token, it commits once (ADR 0007), so what is acknowledged is exact.
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
            acknowledged.put(n + "/" + i, value);
            pause(100);
        }
    }

    /**
     * Reads as the api function does, upgraded on read, in turn a get of one key, a batch get and
     * a listing with values of a hundred, and checks each value against the version it reports.
     */
    private void read(List<TenantNamespace> namespaces, Map<Long, CompiledSchema> schemas, UpgradeOnRead upgradeOnRead,
                      AtomicBoolean migrating, AtomicLong reads) {
        Random random = new Random(99);
        for (int turn = 0; migrating.get(); turn++) {
            TenantNamespace namespace = namespaces.get(random.nextInt(NAMESPACES));
            int from = random.nextInt(PER_NAMESPACE);
            List<Read> read = new ArrayList<>();
            long turnStarted = System.nanoTime();
            try {
                readTurn(turn, namespace, from, random, upgradeOnRead, read);
            } catch (StoreUnavailableException e) {
                readTimeouts.incrementAndGet();   // the emulator queued it past the client's timeout: nothing was read
            }
            for (Read r : read) {
                long version = r.version().orElse(0);
                if (!schemas.containsKey(version) || !schemas.get(version).violations(r.value()).isEmpty()) {
                    invalidReads.add(namespace + " " + r.key() + " at " + version + ": " + r.value().json());
                }
            }
            reads.addAndGet(read.size());
            // The emulator serves one DynamoDB call at a time: the reader keeps to a tenth of it, whatever the machine.
            pause(Math.max(READ_PAUSE_MS, READ_DUTY * (System.nanoTime() - turnStarted) / 1_000_000));
        }
    }

    private void readTurn(int turn, TenantNamespace namespace, int from, Random random, UpgradeOnRead upgradeOnRead,
                          List<Read> read) {
        switch (turn % 3) {
            case 0 -> tables.store.get(namespace, key(from), ReadConsistency.STRONG, T0).map(upgradeOnRead::record)
                    .ifPresent(r -> read.add(new Read(r.key(), r.schemaVersion(), r.value())));
            case 1 -> {
                Set<Key> keys = new HashSet<>();
                while (keys.size() < Math.min(READ_BATCH, PER_NAMESPACE)) {
                    keys.add(key(random.nextInt(PER_NAMESPACE)));
                }
                upgradeOnRead.records(namespace, tables.store.getAll(namespace, keys, ReadConsistency.STRONG, T0))
                        .values().forEach(r -> read.add(new Read(r.key(), r.schemaVersion(), r.value())));
            }
            default -> upgradeOnRead.listed(namespace, tables.store.list(namespace, new KeyQuery(KeyPrefix.NONE,
                            from == 0 ? Optional.empty() : Optional.of(key(from - 1)), READ_BATCH, true),
                            ReadConsistency.EVENTUAL, T0).keys())
                    .forEach(k -> read.add(new Read(k.key(), k.schemaVersion(), k.value().orElseThrow())));
        }
    }

    private record Read(Key key, OptionalLong version, JsonDocument value) {
    }

    /** CPU time of this JVM's emulator process (moto, a child process); zero when it is not one. */
    private static Duration emulatorCpu() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("moto_guard"))
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static double cpu(Duration from, Duration to) {
        return to.minus(from).toMillis() / 1000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
