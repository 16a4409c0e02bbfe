package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.SweepReport;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The expiry sweeper against the emulator (ADR 0008), with no change pipeline running: the
 * version floor must hold without the fan-out. Each test has a table of its own (the
 * sweeper's checkpoint is per table), and time is passed in.
 */
class DynamoDbExpirySweeperTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration PLENTY = Duration.ofMinutes(1);

    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, "sweeper");
    private final Key key = Key.of("sessions/s-1");
    private DynamoDbClient client;
    private String table;
    private DynamoDbStateStore store;
    private DynamoDbExpirySweeper sweeper;

    @BeforeEach
    void freshTable() {
        client = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        table = "expiry-" + UUID.randomUUID();
        ResourceBootstrap.createTable(client, table);
        store = new DynamoDbStateStore(client, table, TestStack.RESOURCES.idempotencyTableName(),
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION);
        sweeper = new DynamoDbExpirySweeper(client, table);
    }

    @AfterEach
    void dropTable() {
        client.deleteTable(b -> b.tableName(table));
        client.close();
    }

    private static JsonDocument json(String text) {
        return new JsonDocument(text);
    }

    private Map<String, AttributeValue> item(Key k) {
        return client.getItem(b -> b.tableName(table).key(StateItem.key(ns, k)).consistentRead(true)).item();
    }

    @Test
    void anExpiredValueBecomesATombstoneAtTheSameVersion() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);
        store.put(ns, key, json("{\"s\":2}"), new TimeToLive(60), Precondition.NONE, T0);

        SweepReport report = sweeper.sweep(T0.plusSeconds(61), PLENTY);

        assertThat(report.swept()).isEqualTo(1);
        assertThat(report.finished()).isTrue();
        Map<String, AttributeValue> tombstone = item(key);
        assertThat(tombstone.get(StateItem.VERSION).n()).isEqualTo("2");
        assertThat(tombstone.get(StateItem.TOMBSTONE).bool()).isTrue();
        assertThat(tombstone.get(StateItem.EXPIRED_AT).n()).isEqualTo(Long.toString(T0.getEpochSecond() + 60));
        assertThat(tombstone).doesNotContainKeys(StateItem.VALUE, StateItem.EXPIRES_AT, StateItem.EXPIRY_BUCKET,
                StateItem.CREATED_AT);
    }

    /** A value stored compressed (item format 2, ADR 0068) leaves no valueZ on the tombstone. */
    @Test
    void anExpiredCompressedValueBecomesATombstoneWithoutItsBytes() {
        DynamoDbStateStore format2 = new DynamoDbStateStore(client, table, TestStack.RESOURCES.idempotencyTableName(),
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION, io.stateapi.metrics.StoreMetrics.NONE,
                new ItemLayout(2));
        format2.put(ns, key, ItemFormatsSideBySideTest.largeDocument(8 * 1024, "gift wrap"), new TimeToLive(60),
                Precondition.NONE, T0);
        assertThat(item(key)).containsKey(StateItem.VALUE_Z);

        assertThat(sweeper.sweep(T0.plusSeconds(61), PLENTY).swept()).isEqualTo(1);

        Map<String, AttributeValue> tombstone = item(key);
        assertThat(tombstone.get(StateItem.TOMBSTONE).bool()).isTrue();
        assertThat(tombstone).doesNotContainKeys(StateItem.VALUE, StateItem.NUMBER_VALUE, StateItem.VALUE_Z);
        assertThat(format2.get(ns, key, io.stateapi.domain.ReadConsistency.STRONG, T0.plusSeconds(62))).isEmpty();
    }

    @Test
    void anExpiredCounterBecomesATombstoneWithoutItsNumber() {
        store.put(ns, key, json("41"), new TimeToLive(60), Precondition.NONE, T0);
        store.increment(ns, key, 1, null, Precondition.NONE, io.stateapi.domain.WriteIdentity.fresh(), 0, T0);

        SweepReport report = sweeper.sweep(T0.plusSeconds(61), PLENTY);

        assertThat(report.swept()).isEqualTo(1);
        Map<String, AttributeValue> tombstone = item(key);
        assertThat(tombstone.get(StateItem.VERSION).n()).isEqualTo("2");
        assertThat(tombstone.get(StateItem.TOMBSTONE).bool()).isTrue();
        assertThat(tombstone).doesNotContainKeys(StateItem.VALUE, StateItem.NUMBER_VALUE, StateItem.EXPIRES_AT,
                StateItem.EXPIRY_BUCKET);
        assertThat(store.increment(ns, key, 1, null, Precondition.NONE, io.stateapi.domain.WriteIdentity.fresh(), 0,
                T0.plusSeconds(62)).record()).satisfies(r -> {
                    assertThat(r.value()).isEqualTo(json("1"));
                    assertThat(r.version()).isEqualTo(Version.of(3));
                });
    }

    @Test
    void anExpiryChangeMovesTheValueInTheSweepersIndex() {
        Key extended = Key.of("sessions/extended");
        Key cleared = Key.of("sessions/cleared");
        store.put(ns, extended, json("1"), new TimeToLive(60), Precondition.NONE, T0);
        store.put(ns, cleared, json("\"c\""), new TimeToLive(60), Precondition.NONE, T0);
        store.changeExpiry(ns, extended, new TimeToLive(7200), Precondition.NONE,
                io.stateapi.domain.WriteIdentity.fresh(), T0);
        store.changeExpiry(ns, cleared, null, Precondition.NONE, io.stateapi.domain.WriteIdentity.fresh(), T0);

        SweepReport report = sweeper.sweep(T0.plusSeconds(61), PLENTY);

        assertThat(report.swept()).isZero();
        assertThat(store.get(ns, extended, ReadConsistency.STRONG, T0.plusSeconds(61))).isPresent();
        assertThat(store.get(ns, cleared, ReadConsistency.STRONG, T0.plusSeconds(61))).isPresent();
        assertThat(sweeper.sweep(T0.plusSeconds(7201), PLENTY).swept()).isEqualTo(1);
        assertThat(store.get(ns, extended, ReadConsistency.STRONG, T0.plusSeconds(7201))).isEmpty();
        assertThat(store.get(ns, cleared, ReadConsistency.STRONG, T0.plusSeconds(7201))).isPresent();
    }

    @Test
    void aValueNotYetExpiredIsLeftAlone() {
        store.put(ns, key, json("1"), new TimeToLive(60), Precondition.NONE, T0);

        SweepReport report = sweeper.sweep(T0.plusSeconds(59), PLENTY);

        assertThat(report.swept()).isZero();
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(59))).isPresent();
    }

    @Test
    void aKeySweptThenCreatedAgainContinuesAtTheNextVersionSoAStaleTagCannotMatch() {
        store.put(ns, key, json("1"), new TimeToLive(1), Precondition.NONE, T0);
        sweeper.sweep(T0.plusSeconds(2), PLENTY);

        assertThat(store.put(ns, key, json("2"), null, Precondition.IF_ABSENT, T0.plusSeconds(3)).record().version())
                .isEqualTo(Version.of(2));
        assertThatThrownBy(() -> store.put(ns, key, json("3"), null, Precondition.ifVersion(Version.FIRST),
                T0.plusSeconds(4)))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
    }

    @Test
    void aSweepAfterTheKeyWasCreatedAgainChangesNothing() {
        store.put(ns, key, json("1"), new TimeToLive(1), Precondition.NONE, T0);
        store.put(ns, key, json("2"), null, Precondition.IF_ABSENT, T0.plusSeconds(2));

        SweepReport report = sweeper.sweep(T0.plusSeconds(3), PLENTY);

        assertThat(report.swept()).isZero();
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(3)).orElseThrow().version())
                .isEqualTo(Version.of(2));
    }

    @Test
    void onlyWritesWithATtlCarryAnExpiryBucket() {
        store.put(ns, key, json("1"), new TimeToLive(60), Precondition.NONE, T0);
        assertThat(item(key).get(StateItem.EXPIRY_BUCKET).s())
                .isEqualTo(StateItem.expiryBucket(ns, key, T0.plusSeconds(60)));

        store.put(ns, key, json("2"), null, Precondition.NONE, T0);
        assertThat(item(key)).doesNotContainKeys(StateItem.EXPIRY_BUCKET, StateItem.EXPIRES_AT);

        store.put(ns, key, json("3"), new TimeToLive(3600), Precondition.NONE, T0);
        assertThat(item(key).get(StateItem.EXPIRY_BUCKET).s())
                .isEqualTo(StateItem.expiryBucket(ns, key, T0.plusSeconds(3600)));

        store.delete(ns, key, Precondition.NONE, T0);
        assertThat(item(key)).doesNotContainKeys(StateItem.EXPIRY_BUCKET, StateItem.EXPIRES_AT);
    }

    @Test
    void aCreateOverTheSweepersTombstoneIsLiveAndCarriesNoExpiryMark() {
        store.put(ns, key, json("1"), new TimeToLive(1), Precondition.NONE, T0);
        sweeper.sweep(T0.plusSeconds(2), PLENTY);

        store.put(ns, key, json("2"), new TimeToLive(60), Precondition.NONE, T0.plusSeconds(3));

        assertThat(item(key)).doesNotContainKeys(StateItem.EXPIRED_AT, StateItem.TOMBSTONE)
                .containsKeys(StateItem.EXPIRY_BUCKET, StateItem.EXPIRES_AT);
    }

    @Test
    void aSweeperDownForADayCatchesUpFromItsCheckpoint() {
        sweeper.sweep(T0, PLENTY);
        List<Duration> ttls = List.of(Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(20));
        for (int i = 0; i < ttls.size(); i++) {
            store.put(ns, Key.of("k" + i), json("1"), new TimeToLive(ttls.get(i).toSeconds()), Precondition.NONE, T0);
        }

        // Thirty hours later: further back than a sweep without a checkpoint would look.
        SweepReport report = sweeper.sweep(T0.plus(Duration.ofHours(30)), PLENTY);

        assertThat(report.swept()).isEqualTo(3);
        assertThat(report.finished()).isTrue();
        assertThat(report.lag()).isEqualTo(Duration.ofHours(28));
        for (int i = 0; i < ttls.size(); i++) {
            assertThat(StateItem.isExpiryTombstone(item(Key.of("k" + i)))).as("k" + i).isTrue();
        }
    }

    @Test
    void aSweepOutOfBudgetReportsItIsBehindAndTheNextOneCarriesOn() {
        for (int i = 0; i < 3; i++) {
            store.put(ns, Key.of("k" + i), json("1"), new TimeToLive(10), Precondition.NONE, T0);
        }

        SweepReport outOfTime = sweeper.sweep(T0.plusSeconds(70), Duration.ZERO);
        SweepReport next = sweeper.sweep(T0.plusSeconds(80), PLENTY);

        assertThat(outOfTime.finished()).isFalse();
        assertThat(outOfTime.swept()).isZero();
        assertThat(outOfTime.lag()).isPositive();
        assertThat(next.finished()).isTrue();
        assertThat(next.swept()).isEqualTo(3);
        assertThat(next.lag()).isEqualTo(Duration.ofSeconds(70));
    }

    @Test
    void deletedKeysAreNotSwept() {
        store.put(ns, key, json("1"), new TimeToLive(10), Precondition.NONE, T0);
        store.delete(ns, key, Precondition.NONE, T0.plusSeconds(1));

        SweepReport report = sweeper.sweep(T0.plusSeconds(20), PLENTY);

        assertThat(report.swept()).isZero();
        assertThat(report.lag()).isZero();
        assertThat(StateItem.isExpiryTombstone(item(key))).isFalse();
        assertThat(item(key).get(StateItem.VERSION).n()).isEqualTo("2");
    }

    /**
     * DynamoDB's own TTL sweeper deletes items outright, which would take the version floor
     * with them. Whatever attribute the table's TTL reads, if any, no state item carries it,
     * in any state a key can be in.
     */
    @Test
    void theTablesTtlAttributeIsNoAttributeAnyStateItemCarries() {
        Set<String> carried = new HashSet<>();
        Key live = Key.of("live");
        Key expiring = Key.of("expiring");
        Key swept = Key.of("swept");
        Key deleted = Key.of("deleted");
        Key recreated = Key.of("recreated");
        store.put(ns, live, json("1"), null, Precondition.NONE, T0);
        store.put(ns, expiring, json("1"), new TimeToLive(3600), Precondition.NONE, T0);
        store.put(ns, swept, json("1"), new TimeToLive(1), Precondition.NONE, T0);
        store.put(ns, deleted, json("1"), new TimeToLive(3600), Precondition.NONE, T0);
        store.delete(ns, deleted, Precondition.NONE, T0);
        store.put(ns, recreated, json("1"), new TimeToLive(1), Precondition.NONE, T0);
        sweeper.sweep(T0.plusSeconds(2), PLENTY);
        store.put(ns, recreated, json("2"), new TimeToLive(3600), Precondition.NONE, T0.plusSeconds(3));
        for (Key k : List.of(live, expiring, swept, deleted, recreated)) {
            carried.addAll(item(k).keySet());
        }

        TimeToLiveDescription ttl = client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();

        assertThat(carried).contains(StateItem.EXPIRES_AT, StateItem.EXPIRY_BUCKET, StateItem.EXPIRED_AT);
        if (ttl.timeToLiveStatus() != TimeToLiveStatus.DISABLED) {
            assertThat(carried).as("attributes of state items").doesNotContain(ttl.attributeName());
        }
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
    }
}
