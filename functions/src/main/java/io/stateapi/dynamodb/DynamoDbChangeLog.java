package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.history.ChangeLog;
import io.stateapi.domain.history.HistoryEntry;
import io.stateapi.domain.history.HistoryPage;
import io.stateapi.domain.history.HistoryPosition;
import io.stateapi.domain.history.KeyHistory;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The change log in DynamoDB (ADR 0036), laid out by {@link ChangeLogItem}: the fan-out
 * appends with a conditional {@code PutItem}, the history routes read with {@code GetItem} and
 * {@code Query}. Reads are eventually consistent: the log itself is behind the writes (the
 * fan-out runs after the commit), so a strongly consistent read would buy nothing but cost.
 */
public final class DynamoDbChangeLog implements KeyHistory, ChangeLog {

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbChangeLog(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public boolean append(TenantNamespace namespace, Key key, HistoryEntry entry, String changeId, Instant feedAt,
                          Instant expiresAt) {
        Map<String, AttributeValue> item = ChangeLogItem.item(namespace, key, entry, changeId, feedAt, expiresAt);
        return call(() -> {
            try {
                client.putItem(b -> b.tableName(tableName).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", ChangeLogItem.PK)));
                return true;
            } catch (ConditionalCheckFailedException alreadyRecorded) {
                // A retried stream record, or (after a key's version floor was lost, ADR 0008) an
                // earlier life's change at the same version: the first one written stays.
                return false;
            }
        });
    }

    @Override
    public HistoryPage changes(TenantNamespace namespace, Key key, Optional<HistoryPosition> before, int limit) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk" + (before.isPresent() ? " AND #seq < :before" : ""))
                .expressionAttributeNames(before.isPresent()
                        ? Map.of("#pk", ChangeLogItem.PK, "#seq", ChangeLogItem.SEQ) : Map.of("#pk", ChangeLogItem.PK))
                .expressionAttributeValues(before.isPresent()
                        ? Map.of(":pk", AttributeValue.fromS(ChangeLogItem.partitionKey(namespace, key)),
                                ":before", AttributeValue.fromN(Long.toString(ChangeLogItem.sequence(before.get()))))
                        : Map.of(":pk", AttributeValue.fromS(ChangeLogItem.partitionKey(namespace, key))))
                .scanIndexForward(false)
                .limit(limit);
        QueryResponse response = call(() -> client.query(query.build()));
        List<HistoryEntry> entries = response.items().stream().map(ChangeLogItem::toEntry).toList();
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !entries.isEmpty();
        return new HistoryPage(entries, more ? Optional.of(entries.getLast().position()) : Optional.empty());
    }

    @Override
    public Optional<HistoryEntry> version(TenantNamespace namespace, Key key, Version version) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(tableName)
                .key(ChangeLogItem.key(namespace, key, ChangeLogItem.sequence(version, false))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ChangeLogItem.toEntry(item));
    }

    @Override
    public Optional<Version> oldestVersion(TenantNamespace namespace, Key key) {
        QueryResponse response = call(() -> client.query(b -> b.tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", ChangeLogItem.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(ChangeLogItem.partitionKey(namespace, key))))
                .scanIndexForward(true)
                .limit(1)));
        return response.items().stream().findFirst().map(ChangeLogItem::toEntry).map(HistoryEntry::version);
    }
}
