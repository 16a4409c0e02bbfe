package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.BackfillTables.T0;
import static io.stateapi.dynamodb.BackfillTables.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.ValueReplacement;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.metrics.StoreMetrics;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The schema backfill's whole-item write ({@link ItemReplacement}, ADR 0067) leaves the item the
 * store's conditional overwrite at the version read leaves, makes the same change (a stream
 * {@code MODIFY} with both images, so a normal change event), loses to any write in between,
 * and is recognised as committed when sent again after its answer was lost.
 */
class ItemReplacementTest {

    private static final TenantNamespace NAMESPACE = TenantNamespace.of("tenant-replace", "orders");
    private static final Instant WRITTEN = T0.minusSeconds(30);
    private static final JsonDocument UPGRADED = new JsonDocument("{\"i\":1,\"v\":2}");

    private final BackfillTables tables = new BackfillTables();

    @AfterEach
    void dropTables() {
        tables.close();
    }

    @Test
    void theReplacedItemIsTheItemAnOverwriteAtTheVersionReadLeaves() {
        assertSameItems(new JsonDocument("{\"i\":1}"), UPGRADED, new TimeToLive(3600));
        assertSameItems(new JsonDocument("{\"i\":1}"), UPGRADED, null);
        assertSameItems(new JsonDocument("{\"i\":1}"), new JsonDocument("42"), new TimeToLive(86_400));
        assertSameItems(new JsonDocument("7"), new JsonDocument("{\"i\":7,\"v\":2}"), null);
    }

    @Test
    void atItemFormatTwoALargeValueIsStoredCompressedAsTheOverwriteStoresIt() {
        DynamoDbStateStore formatTwo = new DynamoDbStateStore(tables.client, tables.stateTable, tables.idempotencyTable,
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION, StoreMetrics.NONE, new ItemLayout(2));
        JsonDocument large = new JsonDocument("{\"i\":1,\"v\":2,\"notes\":\"" + "upgraded ".repeat(1_000) + "\"}");

        assertSameItems(formatTwo, new JsonDocument("{\"i\":1}"), large, new TimeToLive(3600));
        assertSameItems(formatTwo, new JsonDocument("{\"i\":1}"), new JsonDocument("42"), null);
    }

    @Test
    void aWriterThatGotThereFirstWinsAndADeletedKeyStaysDeleted() {
        StateRecord first = firstVersion(key(1), new JsonDocument("{\"i\":1}"), null);
        tables.store.put(NAMESPACE, key(1), new JsonDocument("{\"i\":1,\"v\":2,\"w\":1}"), OptionalLong.of(2), null,
                Precondition.NONE, WriteIdentity.fresh(), 0, T0);
        StateRecord second = firstVersion(key(2), new JsonDocument("{\"i\":2}"), null);
        tables.store.delete(NAMESPACE, key(2), Precondition.NONE, WriteIdentity.fresh(), T0);

        assertThatThrownBy(() -> tables.store.replace(NAMESPACE, replacement(first, UPGRADED), WriteIdentity.fresh(), T0))
                .isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> tables.store.replace(NAMESPACE, replacement(second, UPGRADED), WriteIdentity.fresh(), T0))
                .isInstanceOf(VersionConflictException.class);

        assertThat(tables.read(NAMESPACE, key(1)).value().json()).isEqualTo("{\"i\":1,\"v\":2,\"w\":1}");
        assertThat(tables.read(NAMESPACE, key(1)).version()).isEqualTo(Version.of(2));
        assertThat(tables.store.get(NAMESPACE, key(2), io.stateapi.domain.ReadConsistency.STRONG, T0)).isEmpty();
    }

    @Test
    void aReplacementSentAgainAfterItsAnswerWasLostIsTheCommitItMade() {
        StateRecord first = firstVersion(key(1), new JsonDocument("{\"i\":1}"), null);
        WriteIdentity identity = WriteIdentity.fresh();

        tables.store.replace(NAMESPACE, replacement(first, UPGRADED), identity, T0);
        tables.store.replace(NAMESPACE, replacement(first, UPGRADED), identity, T0);   // the SDK's repeat

        assertThat(tables.read(NAMESPACE, key(1)).version()).isEqualTo(Version.of(2));
        assertThat(tables.read(NAMESPACE, key(1)).value()).isEqualTo(UPGRADED);
        assertThatThrownBy(() -> tables.store.replace(NAMESPACE, replacement(first, UPGRADED), WriteIdentity.fresh(), T0))
                .as("another write at the version read").isInstanceOf(VersionConflictException.class);
    }

    @Test
    void aReplacementIsAModificationOfTheKeyOnTheStreamLikeAnyWrite() {
        StateRecord first = firstVersion(key(1), new JsonDocument("{\"i\":1}"), null);

        tables.store.replace(NAMESPACE, replacement(first, UPGRADED), WriteIdentity.fresh(), T0);

        List<Record> records = streamRecords();
        Record last = records.get(records.size() - 1);
        assertThat(last.eventNameAsString()).isEqualTo("MODIFY");
        assertThat(last.dynamodb().oldImage().get(StateItem.VERSION).n()).isEqualTo("1");
        assertThat(last.dynamodb().newImage().get(StateItem.VERSION).n()).isEqualTo("2");
        assertThat(StateItem.toRecord(last.dynamodb().newImage(), T0).orElseThrow().value()).isEqualTo(UPGRADED);
    }

    private void assertSameItems(JsonDocument before, JsonDocument after, TimeToLive ttl) {
        assertSameItems(tables.store, before, after, ttl);
    }

    private void assertSameItems(DynamoDbStateStore store, JsonDocument before, JsonDocument after, TimeToLive ttl) {
        Key overwritten = key(100);
        Key replaced = key(101);
        firstVersion(store, overwritten, before, ttl);
        StateRecord read = firstVersion(store, replaced, before, ttl);
        TimeToLive left = read.expiry().map(at -> new TimeToLive(at.getEpochSecond() - T0.getEpochSecond())).orElse(null);

        store.put(NAMESPACE, overwritten, after, OptionalLong.of(2), left, Precondition.ifVersion(Version.of(1)),
                WriteIdentity.fresh(), 0, T0);
        store.replace(NAMESPACE, replacement(read, after), WriteIdentity.fresh(), T0);

        Map<String, AttributeValue> expected = rawItem(overwritten);
        Map<String, AttributeValue> actual = rawItem(replaced);
        assertThat(actual.keySet()).as(after.json() + " ttl " + ttl).isEqualTo(expected.keySet());
        Set<String> perKeyOrWrite = Set.of(StateItem.SK, StateItem.WRITE_TOKEN, StateItem.EXPIRY_BUCKET);
        for (String attribute : expected.keySet()) {
            if (!perKeyOrWrite.contains(attribute)) {
                assertThat(actual.get(attribute)).as(attribute).isEqualTo(expected.get(attribute));
            }
        }
        if (ttl != null) {   // the bucket's shard is the key's hash: the one the store's own write would pick
            assertThat(actual.get(StateItem.EXPIRY_BUCKET).s()).isEqualTo(StateItem.expiryBucket(NAMESPACE, replaced,
                    read.expiry().orElseThrow()));
        }
        assertThat(tables.read(NAMESPACE, replaced)).usingRecursiveComparison().ignoringFields("key")
                .isEqualTo(tables.read(NAMESPACE, overwritten));
        store.delete(NAMESPACE, overwritten, Precondition.NONE, WriteIdentity.fresh(), T0);
        store.delete(NAMESPACE, replaced, Precondition.NONE, WriteIdentity.fresh(), T0);
        tables.client.deleteItem(b -> b.tableName(tables.stateTable).key(StateItem.key(NAMESPACE, overwritten)));
        tables.client.deleteItem(b -> b.tableName(tables.stateTable).key(StateItem.key(NAMESPACE, replaced)));
    }

    private StateRecord firstVersion(Key key, JsonDocument value, TimeToLive ttl) {
        return firstVersion(tables.store, key, value, ttl);
    }

    private static StateRecord firstVersion(DynamoDbStateStore store, Key key, JsonDocument value, TimeToLive ttl) {
        return store.put(NAMESPACE, key, value, OptionalLong.of(1), ttl, Precondition.NONE, WriteIdentity.fresh(),
                0, WRITTEN).record();
    }

    private static ValueReplacement replacement(StateRecord read, JsonDocument value) {
        return new ValueReplacement(read.key(), read.version(), read.createdAt(), read.expiry(), value, 2);
    }

    private Map<String, AttributeValue> rawItem(Key key) {
        return tables.client.getItem(b -> b.tableName(tables.stateTable).key(StateItem.key(NAMESPACE, key))
                .consistentRead(true)).item();
    }

    private List<Record> streamRecords() {
        String arn = ResourceBootstrap.streamArn(tables.client, tables.stateTable);
        try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(TestStack.emulator().endpoint())
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build()) {
            List<Record> records = new ArrayList<>();
            String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String at = iterator;
                var page = streams.getRecords(b -> b.shardIterator(at));
                records.addAll(page.records());
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
            return records;
        }
    }
}
