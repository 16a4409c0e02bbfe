package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.BackfillTables.T0;
import static io.stateapi.dynamodb.BackfillTables.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.backfill.Backfill;
import io.stateapi.domain.backfill.BackfillCounts;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.FormatBackfiller;
import io.stateapi.domain.backfill.LayoutUpgrades;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.expiry.ExpirySweepFunction;
import io.stateapi.local.TestStack;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.metrics.StoreMetrics;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The format backfill (ADR 0062) against the emulator, on tables of their own: items a store
 * writing format 1 left in several namespaces (small values, a large one, an integer, a
 * tombstone) are rewritten to format 2 by the housekeeping's backfill runs, in place: same value,
 * version, timestamps and write token. The schema backfills' machinery neither picks up nor
 * chokes on the format backfills' records.
 */
class FormatBackfillTest {

    private static final Duration PLENTY = Duration.ofMinutes(1);
    private static final BackfillRequest FAST = new BackfillRequest(false, 4, 1000);
    private static final int SMALL = 40;

    private final BackfillTables tables = new BackfillTables();
    private final DynamoDbStateStore format1 = store(1);
    private final DynamoDbStateStore format2 = store(2);
    private final List<TenantNamespace> namespaces = List.of(TenantNamespace.of("tenant-a", "orders"),
            TenantNamespace.of("tenant-a", "carts"), TenantNamespace.of("tenant-b", "orders"));

    @AfterEach
    void dropTables() {
        tables.close();
    }

    private DynamoDbStateStore store(int format) {
        return new DynamoDbStateStore(tables.client, tables.stateTable, tables.idempotencyTable,
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION, StoreMetrics.NONE, new ItemLayout(format));
    }

    static String largeValue(int bytes) {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        for (int i = 0; json.length() < bytes - 60; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + i).append("\",\"qty\":")
                    .append(i % 7 + 1).append('}');
        }
        return json.append("]}").toString();
    }

    /** The namespace with {@link #SMALL} small values, a 20 KiB one, an integer and a tombstone, all at format 1. */
    private NamespaceInfo seeded(TenantNamespace namespace) {
        tables.namespaces.createIfAbsent(namespace, T0.minusSeconds(60));
        for (int i = 0; i < SMALL; i++) {
            format1.put(namespace, key(i), new JsonDocument("{\"i\":" + i + "}"), null, Precondition.NONE,
                    WriteIdentity.fresh(), T0.minusSeconds(30));
        }
        format1.put(namespace, Key.of("large"), new JsonDocument(largeValue(20 * 1024)), null, Precondition.NONE,
                WriteIdentity.fresh(), T0.minusSeconds(30));
        format1.put(namespace, Key.of("count"), new JsonDocument("41"), null, Precondition.NONE, WriteIdentity.fresh(),
                T0.minusSeconds(30));
        format1.put(namespace, Key.of("gone"), new JsonDocument("{\"bye\":1}"), null, Precondition.NONE,
                WriteIdentity.fresh(), T0.minusSeconds(30));
        format1.delete(namespace, Key.of("gone"), Precondition.NONE, T0.minusSeconds(20));
        return tables.namespaces.find(namespace).orElseThrow();
    }

    private Map<String, AttributeValue> raw(TenantNamespace namespace, Key key) {
        return tables.client.getItem(b -> b.tableName(tables.stateTable).key(StateItem.key(namespace, key))
                .consistentRead(true)).item();
    }

    private Map<Key, Map<String, AttributeValue>> rawItems(TenantNamespace namespace) {
        Map<Key, Map<String, AttributeValue>> items = new HashMap<>();
        tables.client.queryPaginator(b -> b.tableName(tables.stateTable).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", StateItem.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(StateItem.partitionKey(namespace))))
                .consistentRead(true)).items().forEach(item -> items.put(Key.of(item.get(StateItem.SK).s()), item));
        return items;
    }

    /** The housekeeping function on these tables, writing format 2, its clock one second after {@link BackfillTables#T0}. */
    private ExpirySweepFunction housekeeping() {
        return new ExpirySweepFunction(new ExpirySweepFunction.Configuration("test", tables.stateTable,
                tables.idempotencyTable, tables.catalogTable, Housekeeping.DEFAULT_TOMBSTONE_RETENTION,
                TestStack.emulator().endpoint(), List.of(), new ItemLayout(2)),
                new EmbeddedMetrics("test", line -> { }, Clock.systemUTC()), Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));
    }

    private BackfillStatus status(NamespaceInfo namespace) {
        return tables.ledger(tables.client).status(namespace, Backfill.Kind.FORMAT, 2, T0).orElseThrow();
    }

    @Test
    void theHousekeepingRewritesEveryItemOfEveryNamespaceToFormat2InPlaceTombstonesIncluded() {
        List<NamespaceInfo> infos = namespaces.stream().map(this::seeded).toList();
        Map<TenantNamespace, Map<Key, Map<String, AttributeValue>>> before = new HashMap<>();
        Map<TenantNamespace, Map<Key, StateRecord>> values = new HashMap<>();
        for (TenantNamespace namespace : namespaces) {
            before.put(namespace, rawItems(namespace));
            assertThat(before.get(namespace)).hasSize(SMALL + 3).allSatisfy((key, item) ->
                    assertThat(item).as(key.value()).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("1")));
            Map<Key, StateRecord> records = new HashMap<>();
            before.get(namespace).keySet().forEach(key -> format1.get(namespace, key,
                    io.stateapi.domain.ReadConsistency.STRONG, T0).ifPresent(record -> records.put(key, record)));
            values.put(namespace, records);
        }
        DynamoDbBackfillLedger ledger = tables.ledger(tables.client);
        for (NamespaceInfo info : infos) {
            assertThat(ledger.start(info, Backfill.Kind.FORMAT, 2, FAST, T0, T0).started()).isTrue();
        }
        // The schema backfills' query leaves the format backfills' records alone.
        assertThat(ledger.running()).isEmpty();
        assertThat(ledger.running(Backfill.Kind.FORMAT)).hasSize(3).allSatisfy(backfill ->
                assertThat(backfill.kind()).isEqualTo(Backfill.Kind.FORMAT));

        try (ExpirySweepFunction housekeeping = housekeeping()) {
            for (int run = 0; run < 20 && infos.stream().anyMatch(i -> status(i).state() == BackfillState.RUNNING); run++) {
                housekeeping.advanceBackfills(PLENTY);
            }
        }

        for (NamespaceInfo info : infos) {
            TenantNamespace namespace = info.namespace();
            BackfillStatus status = status(info);
            assertThat(status.state()).as(namespace.toString()).isEqualTo(BackfillState.DONE);
            assertThat(status.counts()).isEqualTo(new BackfillCounts(SMALL + 3, SMALL + 3, 0, 0));
            assertThat(status.plannedItems()).hasValue(SMALL + 2);
            Map<Key, Map<String, AttributeValue>> after = rawItems(namespace);
            assertThat(after.keySet()).isEqualTo(before.get(namespace).keySet());
            after.forEach((key, item) -> {
                Map<String, AttributeValue> was = before.get(namespace).get(key);
                assertThat(item).as(key.value()).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"));
                for (String kept : List.of(StateItem.VERSION, StateItem.CREATED_AT, StateItem.UPDATED_AT,
                        StateItem.WRITE_TOKEN, StateItem.TOMBSTONE)) {
                    assertThat(item.get(kept)).as(key.value() + " " + kept).isEqualTo(was.get(kept));
                }
            });
            assertThat(after.get(Key.of("large"))).containsKey(StateItem.VALUE_Z).doesNotContainKey(StateItem.VALUE);
            assertThat(after.get(Key.of("count"))).containsEntry(StateItem.NUMBER_VALUE, AttributeValue.fromN("41"));
            assertThat(after.get(Key.of("gone"))).containsEntry(StateItem.TOMBSTONE, AttributeValue.fromBool(true))
                    .doesNotContainKeys(StateItem.VALUE, StateItem.VALUE_Z, StateItem.NUMBER_VALUE);
            values.get(namespace).forEach((key, record) -> {
                StateRecord now = format2.get(namespace, key, io.stateapi.domain.ReadConsistency.STRONG, T0).orElseThrow();
                assertThat(now.value()).as(key.value()).isEqualTo(record.value());
                assertThat(now.version()).isEqualTo(record.version());
            });
        }
        // A second pass over a done backfill, or a new one, finds nothing to rewrite.
        assertThat(tables.ledger(tables.client).running(Backfill.Kind.FORMAT)).isEmpty();
    }

    @Test
    void aUserWriteDuringTheBackfillWinsAndIsNeverReverted() {
        NamespaceInfo info = seeded(namespaces.get(0));
        TenantNamespace namespace = info.namespace();
        DynamoDbLayoutUpgrades real = new DynamoDbLayoutUpgrades(tables.client, tables.stateTable);
        AtomicBoolean written = new AtomicBoolean();
        List<LayoutUpgrades.Outcome> outcomes = new ArrayList<>();
        // Between the page that listed key 7 at version 1 and its rewrite, a user writes it (at format 2).
        LayoutUpgrades racing = new LayoutUpgrades() {
            @Override
            public Outcome rewrite(TenantNamespace ns, Key key, Version seen, int toFormat) {
                if (key.equals(key(7)) && written.compareAndSet(false, true)) {
                    format2.put(ns, key, new JsonDocument("{\"user\":true}"), null, Precondition.NONE,
                            WriteIdentity.fresh(), T0);
                }
                Outcome outcome = real.rewrite(ns, key, seen, toFormat);
                if (key.equals(key(7))) {
                    synchronized (outcomes) {
                        outcomes.add(outcome);
                    }
                }
                return outcome;
            }

            @Override
            public Page page(TenantNamespace ns, Optional<Key> after, int limit) {
                return real.page(ns, after, limit);
            }
        };
        tables.ledger(tables.client).start(info, Backfill.Kind.FORMAT, 2, FAST, T0, T0);
        FormatBackfiller backfiller = new FormatBackfiller(tables.ledger(tables.client), tables.namespaces, tables.store,
                racing);
        for (int run = 0; run < 20 && status(info).state() == BackfillState.RUNNING; run++) {
            backfiller.advance(T0.plusSeconds(1), PLENTY);
        }

        BackfillStatus status = status(info);
        assertThat(status.state()).isEqualTo(BackfillState.DONE);
        assertThat(outcomes).containsExactly(LayoutUpgrades.Outcome.MOVED);
        assertThat(status.counts()).isEqualTo(new BackfillCounts(SMALL + 3, SMALL + 2, 1, 0));
        StateRecord user = format2.get(namespace, key(7), io.stateapi.domain.ReadConsistency.STRONG, T0).orElseThrow();
        assertThat(user.version()).isEqualTo(Version.of(2));
        assertThat(user.value().json()).isEqualTo("{\"user\":true}");
        assertThat(raw(namespace, key(7))).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN("2"))
                .containsEntry(StateItem.VERSION, AttributeValue.fromN("2"));
    }

    @Test
    void aFormatBackfillOfADeletedNamespaceIsCancelledAndASchemaBackfillBesideItIsUntouched() {
        NamespaceInfo info = seeded(namespaces.get(0));
        DynamoDbBackfillLedger ledger = tables.ledger(tables.client);
        ledger.start(info, Backfill.Kind.FORMAT, 2, FAST, T0, T0);
        // A schema backfill of version 2 of the same namespace: another record, its own kind.
        ledger.start(info, 2, FAST, T0.plusSeconds(3600), T0);
        tables.namespaces.createIfAbsent(TenantNamespace.of("tenant-a", "other"), T0);
        // Recreated in another life: the format backfill of the old one no longer applies.
        tables.client.updateItem(b -> b.tableName(tables.catalogTable).key(NamespaceItem.key(info.namespace()))
                .updateExpression("SET #c = :c").expressionAttributeNames(Map.of("#c", NamespaceItem.CREATED_AT))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromN(Long.toString(T0.toEpochMilli())))));

        new FormatBackfiller(ledger, tables.namespaces, tables.store, new DynamoDbLayoutUpgrades(tables.client,
                tables.stateTable)).advance(T0.plusSeconds(1), PLENTY);

        BackfillStatus format = status(info);
        assertThat(format.state()).isEqualTo(BackfillState.CANCELLED);
        assertThat(format.reason()).hasValue("the namespace was deleted");
        assertThat(ledger.status(info, 2, T0).orElseThrow().state()).isEqualTo(BackfillState.RUNNING);
        assertThat(ledger.running()).extracting(Backfill::kind).containsExactly(Backfill.Kind.SCHEMA);
    }
}
