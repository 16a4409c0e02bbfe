package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionOperation;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Step 2 of ADR 0062's rolling deploy on the emulator: instances writing format 1 and instances
 * writing format 2 (ADR 0068) serve one table side by side. Each reads what the other wrote,
 * through every read path, and each write leaves the item in exactly the writer's format, so
 * turning the setting back is safe.
 */
class ItemFormatsSideBySideTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final TestStack stack = TestStack.shared();
    private final DynamoDbClient client = stack.dynamoDb();
    private final DynamoDbStateStore format1 = DynamoDbStateStore.of(client, TestStack.RESOURCES, new ItemLayout(1));
    private final DynamoDbStateStore format2 = DynamoDbStateStore.of(client, TestStack.RESOURCES, new ItemLayout(2));
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("formats"));

    /** About 20 KiB of JSON, as repetitive as real documents are. */
    private static final JsonDocument LARGE = largeDocument(20 * 1024, "gift wrap");
    private static final JsonDocument OTHER_LARGE = largeDocument(12 * 1024, "express");

    static JsonDocument largeDocument(int bytes, String note) {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        for (int i = 0; json.length() < bytes - 80; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + i)
                    .append("\",\"qty\":").append(i % 7 + 1).append(",\"note\":\"").append(note).append("\"}");
        }
        return new JsonDocument(json.append("]}").toString());
    }

    private Map<String, AttributeValue> raw(String key) {
        return client.getItem(b -> b.tableName(TestStack.RESOURCES.tableName())
                .key(StateItem.key(ns, Key.of(key))).consistentRead(true)).item();
    }

    private static void assertFormat(Map<String, AttributeValue> item, int format, String valueAttribute) {
        assertThat(item).containsEntry(StateItem.ITEM_FORMAT, AttributeValue.fromN(Integer.toString(format)));
        List<String> values = List.of(StateItem.VALUE, StateItem.NUMBER_VALUE, StateItem.VALUE_Z);
        assertThat(values.stream().filter(item::containsKey).toList()).containsExactly(valueAttribute);
    }

    @Test
    void eachReadsWhatTheOtherWroteThroughEveryReadPath() {
        format2.put(ns, Key.of("big-2"), LARGE, null, Precondition.NONE, T0);
        format1.put(ns, Key.of("big-1"), OTHER_LARGE, null, Precondition.NONE, T0);
        format2.put(ns, Key.of("small-2"), new JsonDocument("{\"a\":1}"), null, Precondition.NONE, T0);

        assertFormat(raw("big-2"), 2, StateItem.VALUE_Z);
        assertFormat(raw("big-1"), 1, StateItem.VALUE);
        assertFormat(raw("small-2"), 2, StateItem.VALUE);
        for (DynamoDbStateStore reader : List.of(format1, format2)) {
            assertThat(reader.get(ns, Key.of("big-2"), ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(LARGE);
            assertThat(reader.get(ns, Key.of("big-1"), ReadConsistency.STRONG, T0).orElseThrow().value())
                    .isEqualTo(OTHER_LARGE);
            assertThat(reader.getAll(ns, List.of(Key.of("big-1"), Key.of("big-2")), ReadConsistency.STRONG, T0))
                    .hasSize(2).allSatisfy((key, record) ->
                            assertThat(record.value()).isEqualTo(key.value().equals("big-2") ? LARGE : OTHER_LARGE));
            List<ListedKey> listed = reader.list(ns, new KeyQuery(KeyPrefix.of("big-"), Optional.empty(), 10, true),
                    ReadConsistency.STRONG, T0).keys();
            assertThat(listed).extracting(k -> k.value().orElseThrow()).containsExactly(OTHER_LARGE, LARGE);
        }
    }

    @Test
    void aWriteLeavesTheItemInTheWritersFormatOnlySoTheSettingCanBeTurnedBack() {
        Key key = Key.of("cart");
        format2.put(ns, key, LARGE, null, Precondition.NONE, T0);
        assertFormat(raw("cart"), 2, StateItem.VALUE_Z);

        // an instance still writing format 1 overwrites it: valueZ goes in the same write
        format1.put(ns, key, OTHER_LARGE, null, Precondition.ifVersion(Version.FIRST), T0);
        assertFormat(raw("cart"), 1, StateItem.VALUE);

        // and back: an integer from format 2 removes both text attributes
        format2.put(ns, key, LARGE, null, Precondition.NONE, T0);
        assertFormat(raw("cart"), 2, StateItem.VALUE_Z);
        format2.put(ns, key, new JsonDocument("5"), null, Precondition.NONE, T0);
        assertFormat(raw("cart"), 2, StateItem.NUMBER_VALUE);
        format2.put(ns, key, LARGE, null, Precondition.NONE, T0);

        // an idempotent write and a transaction of the format 1 writer
        format1.put(ns, key, OTHER_LARGE, null, Precondition.NONE, WriteIdentity.idempotent(IdempotencyKey.of("i-1"),
                RequestFingerprint.ofPut(key, OTHER_LARGE, null, Precondition.NONE)), T0);
        assertFormat(raw("cart"), 1, StateItem.VALUE);
        format2.transact(TenantId.of(TestStack.TENANT), List.of(new PreparedOperation(
                new TransactionOperation.Put(ns.namespace(), key, LARGE, null, Precondition.NONE), ns, null, 0)),
                WriteIdentity.fresh(), T0);
        assertFormat(raw("cart"), 2, StateItem.VALUE_Z);
        assertThat(format1.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(LARGE);
        assertThat(format1.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().version()).isEqualTo(Version.of(7));
    }

    @Test
    void anExpiryChangeOrADeleteByEitherKeepsTheItemReadable() {
        Key key = Key.of("session");
        format2.put(ns, key, LARGE, null, Precondition.NONE, T0);

        // the format 1 writer changes the expiry: the value stays compressed, and so the format stays 2
        format1.changeExpiry(ns, key, new TimeToLive(3600), Precondition.NONE, WriteIdentity.fresh(), T0);
        assertFormat(raw("session"), 2, StateItem.VALUE_Z);
        assertThat(format1.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(LARGE);

        format1.delete(ns, key, Precondition.NONE, T0);
        Map<String, AttributeValue> tombstone = raw("session");
        assertThat(tombstone).doesNotContainKeys(StateItem.VALUE, StateItem.NUMBER_VALUE, StateItem.VALUE_Z);
        assertThat(format2.get(ns, key, ReadConsistency.STRONG, T0)).isEmpty();
    }

    @Test
    void aCounterIsTheSameInBothFormatsAndAnIncrementKeepsTheItemsFormat() {
        Key key = Key.of("hits");
        format2.increment(ns, key, 3, null, Precondition.NONE, WriteIdentity.fresh(), 0, T0);
        assertFormat(raw("hits"), 2, StateItem.NUMBER_VALUE);

        format1.increment(ns, key, 4, null, Precondition.NONE, WriteIdentity.fresh(), 0, T0);

        assertFormat(raw("hits"), 2, StateItem.NUMBER_VALUE);
        assertThat(format1.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value().json()).isEqualTo("7");
    }

    /** Format 3 is what a later release might write: this code refuses it on every path, naming the key. */
    @Test
    void anItemOfAFormatNeitherReadsIsRefusedLoudlyByBoth() {
        format2.put(ns, Key.of("future"), LARGE, null, Precondition.NONE, T0);
        Map<String, AttributeValue> item = new HashMap<>(raw("future"));
        item.put(StateItem.ITEM_FORMAT, AttributeValue.fromN("3"));
        client.putItem(b -> b.tableName(TestStack.RESOURCES.tableName()).item(item));

        for (DynamoDbStateStore reader : List.of(format1, format2)) {
            assertThatThrownBy(() -> reader.get(ns, Key.of("future"), ReadConsistency.STRONG, T0))
                    .isInstanceOf(UnreadableStateException.class).hasMessageContaining("future")
                    .hasMessageContaining("item format 3");
        }
    }
}
