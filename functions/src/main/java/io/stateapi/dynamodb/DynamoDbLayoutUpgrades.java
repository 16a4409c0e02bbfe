package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.backfill.LayoutUpgrades;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link LayoutUpgrades} on the state table (ADR 0062): a consistent read of the item, then one
 * conditional {@code UpdateItem} that sets {@code itemFormat} and the value attribute of the new
 * format and removes the others, on {@code version = :seen AND itemFormat < :to}. Nothing else
 * changes: not the version, {@code updatedAt}, {@code writeToken}, {@code schemaVersion} nor the
 * trace header, so the stream record it makes has the same version before and after, which the
 * fan-out drops (no event, no history entry).
 *
 * <p>The condition also pins whether the item is a tombstone: the expiry sweeper turns a value
 * into a tombstone at the same version, and a rewrite must not put the value back on it.
 */
public final class DynamoDbLayoutUpgrades implements LayoutUpgrades {

    private static final String OLDER = "(attribute_not_exists(#fmt) OR #fmt < :to)";

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbLayoutUpgrades(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Outcome rewrite(TenantNamespace namespace, Key key, Version seenVersion, int toFormat) {
        ItemLayout layout = new ItemLayout(toFormat);
        Map<String, AttributeValue> itemKey = StateItem.key(namespace, key);
        Map<String, AttributeValue> item = call(() -> client.getItem(GetItemRequest.builder()
                .tableName(tableName).key(itemKey).consistentRead(true).build()).item());
        Optional<Version> version = StateItem.version(item);
        if (version.isEmpty() || !version.get().equals(seenVersion)) {
            return Outcome.MOVED;
        }
        if (ItemFormats.of(item) >= toFormat) {
            return Outcome.CURRENT;
        }
        Map<String, String> names = new HashMap<>(Map.of("#v", StateItem.VERSION, "#fmt", StateItem.ITEM_FORMAT,
                "#tomb", StateItem.TOMBSTONE));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":seen", AttributeValue.fromN(Long.toString(seenVersion.value())));
        values.put(":to", AttributeValue.fromN(Integer.toString(toFormat)));
        String update;
        String condition = "#v = :seen AND " + OLDER;
        Optional<JsonDocument> value = StateItem.value(item);
        if (value.isEmpty()) {
            // A tombstone holds no value: only its format changes.
            update = "SET #fmt = :to";
            condition += StateItem.isTombstone(item) ? " AND attribute_exists(#tomb)" : " AND attribute_not_exists(#tomb)";
        } else {
            layout.putValue(values, value.get());
            values.remove(":fmt");
            String set = ItemLayout.valueSet(values);
            update = "SET #fmt = :to, " + set + " REMOVE " + ItemLayout.otherValues(values);
            condition += " AND attribute_not_exists(#tomb)";
            names.put("#val", StateItem.VALUE);
            names.put("#num", StateItem.NUMBER_VALUE);
            names.put("#valz", StateItem.VALUE_Z);
        }
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(itemKey)
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
        try {
            call(() -> client.updateItem(request));
            return Outcome.REWRITTEN;
        } catch (ConditionalCheckFailedException e) {
            // Moved on between the read and the write: a user write, or the sweeper's tombstone,
            // both of which leave the item at the writers' format (or as nothing to rewrite).
            return Outcome.MOVED;
        }
    }

    @Override
    public Page page(TenantNamespace namespace, Optional<Key> after, int limit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(StateItem.partitionKey(namespace))));
        after.ifPresent(key -> values.put(":after", AttributeValue.fromS(key.value())));
        QueryRequest request = QueryRequest.builder().tableName(tableName)
                .keyConditionExpression("#pk = :pk" + (after.isPresent() ? " AND #sk > :after" : ""))
                .expressionAttributeNames(Map.of("#pk", StateItem.PK, "#sk", StateItem.SK, "#v", StateItem.VERSION,
                        "#fmt", StateItem.ITEM_FORMAT))
                .expressionAttributeValues(values)
                .projectionExpression("#sk, #v, #fmt")
                .consistentRead(true).limit(limit).build();
        QueryResponse response = call(() -> client.query(request));
        List<Listed> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            Optional<Version> version = StateItem.version(item);
            if (version.isPresent()) {
                items.add(new Listed(Key.of(item.get(StateItem.SK).s()), version.get(), (int) ItemFormats.of(item)));
            }
        }
        Optional<Key> resumeAfter = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(Key.of(response.lastEvaluatedKey().get(StateItem.SK).s())) : Optional.empty();
        return new Page(items, resumeAfter);
    }
}
