package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.CatalogPage;
import io.stateapi.domain.namespaces.NamespaceDeletion;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.namespaces.SettingsPut;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.TestStack;
import io.stateapi.resources.Permissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** The namespace catalog in the catalog table, against the emulator. Each test has a tenant of its own. */
class DynamoDbNamespaceCatalogTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final NamespaceSettings HOURLY =
            new NamespaceSettings(Optional.of(new TimeToLive(3600)), 4096, false);

    private final TestStack stack = TestStack.shared();
    private final DynamoDbNamespaceCatalog catalog = DynamoDbNamespaceCatalog.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantId tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
    private final TenantNamespace orders = new TenantNamespace(tenant, Namespace.of("orders"));

    @Test
    void aNamespaceTheTenantDoesNotHaveIsNotFound() {
        catalog.createIfAbsent(new TenantNamespace(TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8)),
                orders.namespace()), T0);

        assertThat(catalog.find(orders)).isEmpty();
    }

    @Test
    void createIfAbsentCreatesWithTheDefaultsOnceAndThenReturnsWhatIsThere() {
        NamespaceInfo created = catalog.createIfAbsent(orders, T0);
        NamespaceInfo again = catalog.createIfAbsent(orders, T0.plusSeconds(60));

        assertThat(created).isEqualTo(NamespaceInfo.created(orders, NamespaceSettings.DEFAULTS, T0));
        assertThat(again).isEqualTo(created);
        assertThat(catalog.find(orders)).contains(created);
    }

    @Test
    void racingFirstWritesCreateTheNamespaceExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<NamespaceInfo>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Instant now = T0.plusMillis(i);
                racers.add(pool.submit(() -> catalog.createIfAbsent(orders, now)));
            }
            Set<Instant> creationTimes = new TreeSet<>();
            for (Future<NamespaceInfo> racer : racers) {
                creationTimes.add(racer.get().createdAt());
            }

            assertThat(creationTimes).hasSize(1);
            assertThat(catalog.find(orders).orElseThrow().createdAt()).isEqualTo(creationTimes.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void puttingSettingsCreatesThenChangesKeepingCreationTimeCountAndStatus() {
        SettingsPut first = catalog.putSettings(orders, HOURLY, T0);
        stack.dynamoDb().updateItem(b -> b.tableName(TestStack.RESOURCES.catalogTableName())
                .key(NamespaceItem.key(orders))
                .updateExpression("SET approximateKeyCount = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("12"))));
        SettingsPut second = catalog.putSettings(orders, NamespaceSettings.DEFAULTS, T0.plusSeconds(60));

        assertThat(first).isEqualTo(new SettingsPut.Created(NamespaceInfo.created(orders, HOURLY, T0)));
        // A purging namespace's settings cannot be put at all (DynamoDbNamespacePurgerTest).
        NamespaceInfo expected = new NamespaceInfo(orders, NamespaceSettings.DEFAULTS, 12, T0, T0.plusSeconds(60),
                NamespaceStatus.ACTIVE);
        assertThat(second).isEqualTo(new SettingsPut.Changed(expected));
        assertThat(catalog.find(orders)).contains(expected);
    }

    @Test
    void aListingReadsOnlyTheTenantsNamespacesInNameOrderPageByPage() {
        for (String name : List.of("e", "c", "a", "d", "b")) {
            catalog.createIfAbsent(new TenantNamespace(tenant, Namespace.of(name)), T0);
        }

        CatalogPage first = catalog.list(tenant, Optional.empty(), 2);
        CatalogPage second = catalog.list(tenant, Optional.of(Namespace.of("b")), 2);
        CatalogPage last = catalog.list(tenant, Optional.of(Namespace.of("d")), 2);

        assertThat(names(first)).containsExactly("a", "b");
        assertThat(first.more()).isTrue();
        assertThat(names(second)).containsExactly("c", "d");
        assertThat(names(last)).containsExactly("e");
        assertThat(last.more()).isFalse();
    }

    @Test
    void anEmptyNamespaceIsDeleted() {
        catalog.createIfAbsent(orders, T0);

        assertThat(catalog.deleteIfEmpty(orders, T0)).isEqualTo(NamespaceDeletion.DELETED);
        assertThat(catalog.find(orders)).isEmpty();
        assertThat(catalog.deleteIfEmpty(orders, T0)).isEqualTo(NamespaceDeletion.ABSENT);
    }

    /**
     * More tombstones than the emptiness check reads in one page, before the one live key. The
     * store deletes one key; its tombstone is copied under 119 other names in batches (240 writes
     * through the store checked nothing more).
     */
    @Test
    void aNamespaceWithALiveKeyIsKeptEvenBehindManyTombstones() {
        catalog.createIfAbsent(orders, T0);
        Key first = Key.of("a/000");
        store.put(orders, first, new JsonDocument("1"), null, Precondition.NONE, T0);
        store.delete(orders, first, Precondition.NONE, T0);
        copyItem(first, IntStream.range(1, 120).mapToObj(i -> Key.of(String.format("a/%03d", i))).toList());
        store.put(orders, Key.of("z"), new JsonDocument("1"), null, Precondition.NONE, T0);

        assertThat(catalog.deleteIfEmpty(orders, T0)).isEqualTo(NamespaceDeletion.NOT_EMPTY);
        assertThat(catalog.find(orders)).isPresent();
    }

    /** The item of {@code source} in {@link #orders}, written again under each of {@code names}, 25 to a batch. */
    private void copyItem(Key source, List<Key> names) {
        Map<String, AttributeValue> item = stack.dynamoDb().getItem(b -> b.tableName(TestStack.RESOURCES.tableName())
                .key(StateItem.key(orders, source)).consistentRead(true)).item();
        assertThat(StateItem.isLive(item, T0)).as("a tombstone").isFalse();
        for (int from = 0; from < names.size(); from += 25) {
            List<WriteRequest> batch = names.subList(from, Math.min(from + 25, names.size())).stream()
                    .map(name -> {
                        Map<String, AttributeValue> copy = new HashMap<>(item);
                        copy.putAll(StateItem.key(orders, name));
                        return WriteRequest.builder().putRequest(PutRequest.builder().item(copy).build()).build();
                    })
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(TestStack.RESOURCES.tableName(), batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = stack.dynamoDb().batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    @Test
    void deletedAndExpiredKeysDoNotKeepANamespaceAndTheirTombstonesStay() {
        catalog.createIfAbsent(orders, T0);
        store.put(orders, Key.of("deleted"), new JsonDocument("1"), null, Precondition.NONE, T0);
        store.delete(orders, Key.of("deleted"), Precondition.NONE, T0);
        store.put(orders, Key.of("expired"), new JsonDocument("1"), new TimeToLive(60), Precondition.NONE, T0);

        assertThat(catalog.deleteIfEmpty(orders, T0.plusSeconds(61))).isEqualTo(NamespaceDeletion.DELETED);
        assertThat(stack.dynamoDb().getItem(b -> b.tableName(TestStack.RESOURCES.tableName())
                .key(StateItem.key(orders, Key.of("deleted"))).consistentRead(true)).item())
                .as("the version floor of a deleted key stays (ADR 0003)").containsKey(StateItem.VERSION);
    }

    @Test
    void aKeyOfTheSameNameUnderAnotherTenantDoesNotKeepANamespace() {
        catalog.createIfAbsent(orders, T0);
        TenantNamespace others = TenantNamespace.of("t-" + UUID.randomUUID().toString().substring(0, 8), "orders");
        store.put(others, Key.of("k"), new JsonDocument("1"), null, Precondition.NONE, T0);

        assertThat(catalog.deleteIfEmpty(orders, T0)).isEqualTo(NamespaceDeletion.DELETED);
    }

    @Test
    void anItemThatBreaksTheLayoutIsReportedUnreadable() {
        catalog.createIfAbsent(orders, T0);
        stack.dynamoDb().updateItem(b -> b.tableName(TestStack.RESOURCES.catalogTableName())
                .key(NamespaceItem.key(orders)).updateExpression("SET createdAt = :text")
                .expressionAttributeValues(Map.of(":text", AttributeValue.fromS("yesterday"))));

        assertThatThrownBy(() -> catalog.find(orders)).isInstanceOf(UnreadableStateException.class)
                .hasMessageContaining("createdAt");
    }

    @Test
    void theCatalogCallsOnlyTheActionsTheApiFunctionIsGranted() {
        Set<String> called = new ConcurrentSkipListSet<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String table = context.request().getValueForField("TableName", String.class).orElse("?");
                called.add(table + " dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        try (DynamoDbClient recorded = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(recorder))) {
            DynamoDbNamespaceCatalog observed = DynamoDbNamespaceCatalog.of(recorded, TestStack.RESOURCES);
            observed.find(orders);
            observed.createIfAbsent(orders, T0);
            observed.createIfAbsent(orders, T0);
            observed.putSettings(orders, HOURLY, T0);
            observed.list(tenant, Optional.empty(), 10);
            store.put(orders, Key.of("k"), new JsonDocument("1"), null, Precondition.NONE, T0);
            observed.deleteIfEmpty(orders, T0);
            store.delete(orders, Key.of("k"), Precondition.NONE, T0);
            observed.deleteIfEmpty(orders, T0);
        }

        Set<String> granted = new TreeSet<>();
        Permissions.API_CATALOG_TABLE_ACTIONS.forEach(a -> granted.add(TestStack.RESOURCES.catalogTableName() + " " + a));
        Permissions.API_TABLE_ACTIONS.forEach(a -> granted.add(TestStack.RESOURCES.tableName() + " " + a));
        assertThat(called).contains(TestStack.RESOURCES.tableName() + " dynamodb:Query");
        assertThat(granted).containsAll(called);
    }

    private static List<String> names(CatalogPage page) {
        return page.namespaces().stream().map(i -> i.namespace().name()).toList();
    }

}
