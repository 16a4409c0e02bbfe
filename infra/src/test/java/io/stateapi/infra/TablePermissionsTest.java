package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.IdempotencyKeyReusedException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.LeasedRequestQuota;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.QuotaLedger;
import io.stateapi.domain.tenancy.QuotaWindow;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbPrincipalRegistry;
import io.stateapi.dynamodb.DynamoDbQuotaLedger;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.local.LocalAws;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.Permissions;
import io.stateapi.expiry.ExpirySweepFunction;
import io.stateapi.metrics.EmbeddedMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The api function's IAM grants on the tables are exactly {@link Permissions#API_TABLE_ACTIONS}
 * and {@link Permissions#API_IDEMPOTENCY_TABLE_ACTIONS}. This drives the real DynamoDB adapter
 * through every kind of read and write against the emulator and records which actions it needs
 * on which table, as IAM evaluates them (a {@code TransactWriteItems} needs the action of each
 * item it holds, on that item's table): a new operation in the adapter without a matching grant
 * would fail here, not with AccessDenied in production. The expiry sweeper's grants
 * ({@link Permissions#EXPIRY_SWEEPER_TABLE_ACTIONS} and the purge lists on each table,
 * {@link Permissions#EXPIRY_SWEEPER_INDEX_ACTIONS} and {@link Permissions#TOMBSTONE_PURGE_INDEX_ACTIONS}
 * on its indexes) are held to its calls the same way.
 */
class TablePermissionsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("perms");
    private static final String TENANT = "acme";
    /** "table action" pairs, as IAM authorizes them. */
    private static final Set<String> CALLED = new ConcurrentSkipListSet<>();
    /** What the expiry sweeper called: "dynamodb:Query on <table>/index/expiry", "dynamodb:UpdateItem on <table>". */
    private static final Set<String> SWEEPER_CALLED = new ConcurrentSkipListSet<>();

    private static MotoEmulator moto;
    private static DynamoDbClient client;

    @BeforeAll
    static void startEmulator() {
        LocalAws.useEmulatorDefaults();
        moto = MotoEmulator.start(MotoEmulator.venvPython(), 0);
        new ResourceBootstrap(moto.endpoint()).createAll(RESOURCES);
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                switch (context.request()) {
                    case TransactWriteItemsRequest transaction -> transaction.transactItems().forEach(item -> {
                        if (item.put() != null) {
                            CALLED.add(item.put().tableName() + " dynamodb:PutItem");
                        }
                        if (item.update() != null) {
                            CALLED.add(item.update().tableName() + " dynamodb:UpdateItem");
                        }
                        if (item.delete() != null) {
                            CALLED.add(item.delete().tableName() + " dynamodb:DeleteItem");
                        }
                        if (item.conditionCheck() != null) {
                            CALLED.add(item.conditionCheck().tableName() + " dynamodb:ConditionCheckItem");
                        }
                    });
                    case BatchGetItemRequest batch -> batch.requestItems().keySet()
                            .forEach(table -> CALLED.add(table + " dynamodb:BatchGetItem"));
                    case QueryRequest query when query.indexName() != null ->
                            CALLED.add(query.tableName() + "/index/" + query.indexName() + " dynamodb:Query");
                    default -> {
                        String table = context.request().getValueForField("TableName", String.class).orElse("?");
                        CALLED.add(table + " dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }
            }
        };
        client = DynamoDbClients.create(moto.endpoint(), List.of(recorder));
    }

    /**
     * The expiry sweeper's run (the sweep, a namespace purge from start to done, a tombstone purge
     * that raises a floor and then forgets the tombstone; ADR 0008, 0019) calls only what its
     * grants allow, on each table and index by name.
     */
    @Test
    void theExpirySweepersHousekeepingCallsOnlyItsGrantedActionsOnEachTableAndIndex() {
        // Set up through a client of its own: these are the api function's calls, held elsewhere.
        DynamoDbClient setup = DynamoDbClients.create(moto.endpoint(), List.of());
        StateStore store = DynamoDbStateStore.of(setup, RESOURCES);
        Instant now = Instant.now();
        TenantNamespace purged = TenantNamespace.of(TENANT, "purged");
        DynamoDbNamespaceCatalog catalog = DynamoDbNamespaceCatalog.of(setup, RESOURCES);
        catalog.createIfAbsent(purged, now);
        store.put(purged, Key.of("k"), new JsonDocument("1"), null, Precondition.NONE,
                WriteIdentity.idempotent(IdempotencyKey.of("once"), new RequestFingerprint("f")), now);
        store.put(TenantNamespace.of(TENANT, "parity"), Key.of("expiring"), new JsonDocument("1"), new TimeToLive(1),
                Precondition.NONE, now.minusSeconds(10));
        store.put(TenantNamespace.of(TENANT, "parity"), Key.of("deleted"), new JsonDocument("1"), null,
                Precondition.NONE, now);
        store.delete(TenantNamespace.of(TENANT, "parity"), Key.of("deleted"), Precondition.NONE, now);
        catalog.startPurge(purged, now);
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String operation = "dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                switch (context.request()) {
                    case QueryRequest query -> SWEEPER_CALLED.add(operation + " on " + query.tableName()
                            + (query.indexName() == null ? "" : "/index/" + query.indexName()));
                    case BatchWriteItemRequest batch -> batch.requestItems().keySet()
                            .forEach(table -> SWEEPER_CALLED.add(operation + " on " + table));
                    default -> SWEEPER_CALLED.add(operation + " on "
                            + context.request().getValueForField("TableName", String.class).orElse("?"));
                }
            }
        };
        List<String> metrics = new ArrayList<>();
        // The shortest retention allowed: the sweep after it walks every hour's buckets since the
        // first run (16 Queries an hour), which at the default 30 days was most of this class's time.
        Duration retention = Housekeeping.MIN_TOMBSTONE_RETENTION;
        Instant afterRetention = now.plus(retention).plusSeconds(86_400);
        for (Instant at : List.of(now, afterRetention, afterRetention.plus(Housekeeping.SETTLE))) {
            try (ExpirySweepFunction sweeper = new ExpirySweepFunction(new ExpirySweepFunction.Configuration(
                    RESOURCES.environment(), RESOURCES.tableName(), RESOURCES.idempotencyTableName(),
                    RESOURCES.catalogTableName(), retention, moto.endpoint(), List.of(recorder)),
                    new EmbeddedMetrics(RESOURCES.environment(), metrics::add, Clock.systemUTC()),
                    Clock.fixed(at.plusSeconds(1), java.time.ZoneOffset.UTC))) {
                sweeper.handleRequest(Map.of(), null);
            }
        }

        Set<String> granted = new HashSet<>();
        Permissions.EXPIRY_SWEEPER_TABLE_ACTIONS.forEach(a -> granted.add(a + " on " + RESOURCES.tableName()));
        Permissions.EXPIRY_SWEEPER_PURGE_TABLE_ACTIONS.forEach(a -> granted.add(a + " on " + RESOURCES.tableName()));
        Permissions.HOUSEKEEPING_BACKFILL_TABLE_ACTIONS.forEach(a -> granted.add(a + " on " + RESOURCES.tableName()));
        Permissions.HOUSEKEEPING_IDEMPOTENCY_TABLE_ACTIONS.forEach(a ->
                granted.add(a + " on " + RESOURCES.idempotencyTableName()));
        Permissions.HOUSEKEEPING_CATALOG_TABLE_ACTIONS.forEach(a -> granted.add(a + " on " + RESOURCES.catalogTableName()));
        Permissions.EXPIRY_SWEEPER_INDEX_ACTIONS.forEach(a ->
                granted.add(a + " on " + RESOURCES.tableName() + "/index/" + StateApiResources.Table.EXPIRY_INDEX));
        Permissions.TOMBSTONE_PURGE_INDEX_ACTIONS.forEach(a ->
                granted.add(a + " on " + RESOURCES.tableName() + "/index/" + StateApiResources.Table.TOMBSTONE_INDEX));
        assertThat(catalog.purgeStatus(purged, afterRetention).orElseThrow().state())
                .isEqualTo(io.stateapi.domain.namespaces.PurgeStatus.State.DONE);
        assertThat(metrics).anyMatch(line -> line.matches(".*\"TombstonesPurged\":[1-9].*"));
        setup.close();
        assertThat(SWEEPER_CALLED).contains(
                "dynamodb:Query on " + RESOURCES.tableName() + "/index/" + StateApiResources.Table.EXPIRY_INDEX,
                "dynamodb:Query on " + RESOURCES.tableName() + "/index/" + StateApiResources.Table.TOMBSTONE_INDEX,
                "dynamodb:BatchWriteItem on " + RESOURCES.idempotencyTableName(),
                "dynamodb:DeleteItem on " + RESOURCES.catalogTableName());
        assertThat(granted).containsAll(SWEEPER_CALLED);
    }

    @AfterAll
    static void stopEmulator() {
        if (client != null) {
            client.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theAdapterCallsOnlyTheGrantedTableActions() {
        StateStore store = DynamoDbStateStore.of(client, RESOURCES);
        exercise(store, TenantNamespace.of(TENANT, "parity"), WriteIdentity::fresh);
        exercise(store, TenantNamespace.of(TENANT, "parity-idempotent"), () -> WriteIdentity.idempotent(
                IdempotencyKey.of(UUID.randomUUID().toString()), new RequestFingerprint(UUID.randomUUID().toString())));
        TenantNamespace reused = TenantNamespace.of(TENANT, "parity-reused");
        store.put(reused, Key.of("k"), new JsonDocument("1"), null, Precondition.NONE,
                WriteIdentity.idempotent(IdempotencyKey.of("same"), new RequestFingerprint("first")), Instant.now());
        assertThatThrownBy(() -> store.put(reused, Key.of("k"), new JsonDocument("2"), null, Precondition.NONE,
                WriteIdentity.idempotent(IdempotencyKey.of("same"), new RequestFingerprint("second")), Instant.now()))
                .isInstanceOf(IdempotencyKeyReusedException.class);

        Set<String> granted = new TreeSet<>();
        Permissions.API_TABLE_ACTIONS.forEach(action -> granted.add(RESOURCES.tableName() + " " + action));
        Permissions.API_IDEMPOTENCY_TABLE_ACTIONS.forEach(action ->
                granted.add(RESOURCES.idempotencyTableName() + " " + action));
        assertThat(CALLED).isNotEmpty();
        assertThat(granted).containsAll(CALLED);
    }

    /**
     * The principal registry (ADR 0013, 0018: lookups, registering, listing, removing) calls only what {@link Permissions#API_CATALOG_TABLE_ACTIONS}
     * grants on the catalog table. Needs the catalog table in the local bootstrap.
     */
    @Test
    void theRegistryCallsOnlyTheGrantedCatalogActions() {
        assumeTrue(client.listTables().tableNames().contains(RESOURCES.catalogTableName()),
                "the local bootstrap does not create the catalog table yet");
        DynamoDbPrincipalRegistry registry = new DynamoDbPrincipalRegistry(client, RESOURCES.catalogTableName());
        String principal = "arn:aws:iam::123456789012:role/acme-orders";
        registry.register(new Registration(principal, TenantId.of(TENANT), EnumSet.of(Scope.READ, Scope.WRITE),
                NamespaceGrants.only(List.of("orders", "cart-*"))));
        assertThat(registry.find(principal)).isPresent();
        assertThat(registry.find("arn:aws:iam::123456789012:role/nobody")).isEmpty();
        // the operators' side (ADR 0018), which the admin routes run in the api function
        registry.register(new Registration(principal, TenantId.of(TENANT), EnumSet.of(Scope.READ), NamespaceGrants.all()));
        assertThat(registry.list(Optional.empty(), 10, Optional.empty()).registrations()).isNotEmpty();
        assertThat(registry.list(Optional.of(TenantId.of(TENANT)), 10, Optional.empty()).registrations()).isNotEmpty();
        assertThat(registry.remove(principal)).isTrue();

        Set<String> granted = new TreeSet<>();
        Permissions.API_CATALOG_TABLE_ACTIONS.forEach(action -> granted.add(RESOURCES.catalogTableName() + " " + action));
        assertThat(CALLED).filteredOn(call -> call.startsWith(RESOURCES.catalogTableName() + " "))
                .isNotEmpty()
                .allSatisfy(call -> assertThat(granted).contains(call));
    }

    /**
     * The request quota's ledger (ADR 0017) calls only what {@link Permissions#API_CATALOG_TABLE_ACTIONS}
     * grants on the catalog table: claims granted and refused, a tenant's limit read, set and removed.
     */
    @Test
    void theQuotaLedgerCallsOnlyTheGrantedCatalogActions() {
        assumeTrue(client.listTables().tableNames().contains(RESOURCES.catalogTableName()),
                "the local bootstrap does not create the catalog table yet");
        DynamoDbQuotaLedger ledger =
                new DynamoDbQuotaLedger(client, RESOURCES.catalogTableName(), DynamoDbClients.CALL_TIMEOUT);
        TenantId tenant = TenantId.of("quota-" + UUID.randomUUID().toString().substring(0, 8));
        QuotaWindow window = QuotaWindow.containing(Instant.now(), LeasedRequestQuota.WINDOW);
        ledger.claim(tenant, window, 2, 2);
        assertThat(ledger.claim(tenant, window, 2, 1)).isInstanceOf(QuotaLedger.Claim.Refused.class);
        ledger.setRequestsPerSecond(tenant, 5);
        assertThat(ledger.requestsPerSecond(tenant)).hasValue(5);
        ledger.removeRequestsPerSecond(tenant);

        Set<String> granted = new TreeSet<>();
        Permissions.API_CATALOG_TABLE_ACTIONS.forEach(action -> granted.add(RESOURCES.catalogTableName() + " " + action));
        assertThat(CALLED).contains(RESOURCES.catalogTableName() + " dynamodb:UpdateItem",
                        RESOURCES.catalogTableName() + " dynamodb:GetItem")
                .filteredOn(call -> call.startsWith(RESOURCES.catalogTableName() + " "))
                .allSatisfy(call -> assertThat(granted).contains(call));
    }

    /**
     * The change log (ADR 0036): the fan-out's append calls only {@link Permissions#FAN_OUT_CHANGE_LOG_TABLE_ACTIONS},
     * the api function's history reads only {@link Permissions#API_CHANGE_LOG_TABLE_ACTIONS}.
     */
    @Test
    void theChangeLogCallsOnlyTheGrantedActionsOfEachFunction() {
        io.stateapi.dynamodb.DynamoDbChangeLog log =
                new io.stateapi.dynamodb.DynamoDbChangeLog(client, RESOURCES.changeLogTableName());
        TenantNamespace ns = TenantNamespace.of(TENANT, "history");
        Key key = Key.of("a/b");
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        io.stateapi.domain.history.HistoryEntry entry = new io.stateapi.domain.history.HistoryEntry(Version.of(1),
                io.stateapi.domain.history.HistoryEntry.Change.CREATED, now, Optional.of(new JsonDocument("{\"n\":1}")));
        String changeLog = RESOURCES.changeLogTableName() + " ";

        assertThat(log.append(ns, key, entry, "change-1", now, now.plusSeconds(86_400))).isTrue();
        assertThat(log.append(ns, key, entry, "change-1", now, now.plusSeconds(86_400))).isFalse();
        Set<String> appended = new TreeSet<>(CALLED.stream().filter(call -> call.startsWith(changeLog)).toList());
        assertThat(log.changes(ns, key, Optional.empty(), 10).entries()).containsExactly(entry);
        assertThat(log.version(ns, key, Version.of(1))).contains(entry);
        assertThat(log.oldestVersion(ns, key)).contains(Version.of(1));
        Set<String> read = new TreeSet<>(CALLED.stream().filter(call -> call.startsWith(changeLog)).toList());
        read.removeAll(appended);

        assertThat(appended).isNotEmpty().allSatisfy(call ->
                assertThat(Permissions.FAN_OUT_CHANGE_LOG_TABLE_ACTIONS).contains(call.substring(changeLog.length())));
        assertThat(read).isNotEmpty().allSatisfy(call ->
                assertThat(Permissions.API_CHANGE_LOG_TABLE_ACTIONS).contains(call.substring(changeLog.length())));
        forgetChangeLogCalls();
    }

    /** The watch (ADR 0037) reads the change log's feed index only with what the api function is granted on it. */
    @Test
    void theWatchReadsTheFeedIndexOnlyWithItsGrantedActions() {
        io.stateapi.dynamodb.DynamoDbChangeLog log =
                new io.stateapi.dynamodb.DynamoDbChangeLog(client, RESOURCES.changeLogTableName());
        TenantNamespace ns = TenantNamespace.of(TENANT, "feed");
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        io.stateapi.domain.history.HistoryEntry entry = new io.stateapi.domain.history.HistoryEntry(Version.of(1),
                io.stateapi.domain.history.HistoryEntry.Change.CREATED, now, Optional.of(new JsonDocument("1")));
        log.append(ns, Key.of("users/1"), entry, "change-f", now, now.plusSeconds(86_400));
        String feedIndex = RESOURCES.changeLogTableName() + "/index/" + StateApiResources.ChangeLogTable.FEED_INDEX + " ";
        Set<String> before = new TreeSet<>(CALLED);

        io.stateapi.domain.watch.FeedPage page = new io.stateapi.dynamodb.DynamoDbChangeFeed(client,
                RESOURCES.changeLogTableName()).read(ns, io.stateapi.domain.listing.KeyPrefix.of("users/"),
                io.stateapi.domain.watch.FeedPosition.boundary(now.toEpochMilli() - 1), now.toEpochMilli(), 10);
        Set<String> read = new TreeSet<>(CALLED);
        read.removeAll(before);

        assertThat(page.entries()).extracting(e -> e.key().value()).containsExactly("users/1");
        assertThat(read).isNotEmpty().allSatisfy(call -> {
            assertThat(call).startsWith(feedIndex);
            assertThat(Permissions.API_CHANGE_FEED_ACTIONS).contains(call.substring(feedIndex.length()));
        });
        forgetChangeLogCalls();
    }

    /** The change log's calls are held by their own tests, not by the state tables' test that reads every call. */
    private static void forgetChangeLogCalls() {
        CALLED.removeIf(call -> call.startsWith(RESOURCES.changeLogTableName()));
    }

    private static void exercise(StateStore store, TenantNamespace ns, Supplier<WriteIdentity> identity) {
        Key key = Key.of("a/b");
        Instant now = Instant.now();

        WriteResult created = store.put(ns, key, new JsonDocument("{\"n\":1}"), null, Precondition.IF_ABSENT, identity.get(), now);
        Version v1 = created.record().version();
        store.put(ns, key, new JsonDocument("{\"n\":2}"), new TimeToLive(60), Precondition.ifVersion(v1), identity.get(), now);
        assertThatThrownBy(() -> store.put(ns, key, new JsonDocument("{}"), null, Precondition.ifVersion(v1), identity.get(), now))
                .isInstanceOf(VersionConflictException.class);
        store.put(ns, key, new JsonDocument("{\"n\":3}"), null, Precondition.IF_PRESENT, identity.get(), now);
        store.put(ns, key, new JsonDocument("{\"n\":4}"), null, Precondition.NONE, identity.get(), now);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, now)).isPresent();
        assertThat(store.get(ns, key, ReadConsistency.EVENTUAL, now)).isPresent();
        assertThat(store.getAll(ns, List.of(key, Key.of("absent")), ReadConsistency.STRONG, now)).containsOnlyKeys(key);
        assertThat(store.getAll(ns, List.of(key), ReadConsistency.EVENTUAL, now)).containsOnlyKeys(key);
        store.delete(ns, key, Precondition.NONE, identity.get(), now);
        assertThatThrownBy(() -> store.delete(ns, key, Precondition.NONE, identity.get(), now)).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, now)).isEmpty();
        // Transactions (ADR 0028): updates and condition checks on the table, the outcome record put beside them.
        store.transact(ns.tenant(), java.util.List.of(
                new io.stateapi.domain.transactions.PreparedOperation(new io.stateapi.domain.transactions.TransactionOperation.Put(
                        ns.namespace(), Key.of("t/1"), new JsonDocument("1"), null, Precondition.NONE), ns, null, 0),
                new io.stateapi.domain.transactions.PreparedOperation(new io.stateapi.domain.transactions.TransactionOperation.Check(
                        ns.namespace(), Key.of("t/2"), Precondition.IF_ABSENT), ns, null, 0)), identity.get(), now);
        assertThatThrownBy(() -> store.transact(ns.tenant(), java.util.List.of(
                new io.stateapi.domain.transactions.PreparedOperation(new io.stateapi.domain.transactions.TransactionOperation.Delete(
                        ns.namespace(), Key.of("t/2"), Precondition.NONE), ns, null, 0)), identity.get(), now))
                .isInstanceOf(io.stateapi.domain.exceptions.TransactionConflictException.class);
    }
}
