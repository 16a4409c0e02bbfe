package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A test seam of the store: first versions of keys written 25 to a {@code BatchWriteItem}, the
 * items a {@code PUT} of a new key leaves (version 1, the value as JSON text, the times, the item
 * format, a write token, the schema version), without one conditional write per key. A test that
 * needs thousands of items to start from spends its time on what it checks, not on seeding
 * ({@code MigrationWhileWritingTest#seededItemsAreTheItemsAPutLeaves} holds it to the store's own
 * writes).
 */
final class BulkSeed {

    /** DynamoDB's limit of puts in one {@code BatchWriteItem}. */
    private static final int PER_CALL = 25;

    private BulkSeed() {
    }

    /** Writes {@code values} as the first version of their keys, recorded at {@code schemaVersion}. */
    static void firstVersions(DynamoDbClient client, String table, TenantNamespace namespace, Map<Key, JsonDocument> values,
                              long schemaVersion, Instant now) {
        List<WriteRequest> batch = new ArrayList<>();
        for (Map.Entry<Key, JsonDocument> entry : values.entrySet()) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(item(namespace, entry.getKey(), entry.getValue(), schemaVersion, now)).build()).build());
            if (batch.size() == PER_CALL) {
                write(client, table, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            write(client, table, batch);
        }
    }

    /** The item of a key's first version (a JSON value that is not an exact integer). */
    static Map<String, AttributeValue> item(TenantNamespace namespace, Key key, JsonDocument value, long schemaVersion,
                                            Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(StateItem.key(namespace, key));
        item.put(StateItem.VERSION, number(1));
        item.put(StateItem.VALUE, AttributeValue.fromS(value.json()));
        item.put(StateItem.CREATED_AT, number(now.toEpochMilli()));
        item.put(StateItem.UPDATED_AT, number(now.toEpochMilli()));
        item.put(StateItem.ITEM_FORMAT, number(StateItem.CURRENT_FORMAT));
        item.put(StateItem.WRITE_TOKEN, AttributeValue.fromS(UUID.randomUUID().toString()));
        item.put(StateItem.SCHEMA_VERSION, number(schemaVersion));
        return item;
    }

    static void write(DynamoDbClient client, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int call = 0; !pending.isEmpty(); call++) {
            if (call == 8) {
                throw new IllegalStateException("DynamoDB left " + pending.get(table).size() + " puts unprocessed 8 times");
            }
            Map<String, List<WriteRequest>> sent = pending;
            BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(sent));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
