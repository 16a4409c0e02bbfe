package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;
import static io.stateapi.dynamodb.ItemUpdate.number;
import static io.stateapi.dynamodb.StateItem.ITEM_FORMAT;
import static io.stateapi.dynamodb.StateItem.TOMBSTONE;
import static io.stateapi.dynamodb.StateItem.UPDATED_AT;
import static io.stateapi.dynamodb.StateItem.VERSION;

import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Version;
import io.stateapi.domain.VersionFloors;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * {@link VersionFloors} on the state table: one conditional {@code PutItem} of a tombstone, the
 * only write the fan-out's role may make to the table (ADR 0003, 0008).
 */
public final class DynamoDbVersionFloors implements VersionFloors {

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbVersionFloors(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public boolean restore(TenantNamespace namespace, Key key, Version version, Instant removedAt) {
        Map<String, AttributeValue> item = new HashMap<>(StateItem.key(namespace, key));
        item.put(VERSION, number(version.value()));
        item.put(TOMBSTONE, AttributeValue.fromBool(true));
        item.put(UPDATED_AT, number(removedAt.toEpochMilli()));
        item.put(ITEM_FORMAT, number(StateItem.CURRENT_FORMAT));
        // Like every tombstone, it is forgotten once older than the retention (ADR 0019).
        item.put(StateItem.TOMBSTONE_BUCKET, AttributeValue.fromS(StateItem.tombstoneBucket(namespace, key, removedAt)));
        PutItemRequest request = PutItemRequest.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", StateItem.PK))
                .build();
        return call(() -> {
            try {
                client.putItem(request);
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }
}
