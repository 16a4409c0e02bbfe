package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.watch.ChangeFeed;
import io.stateapi.domain.watch.FeedEntry;
import io.stateapi.domain.watch.FeedPage;
import io.stateapi.domain.watch.FeedPosition;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A namespace's change feed (ADR 0037): a {@code Query} of the change log's feed index,
 * {@code tenantNs = :ns AND feedAt BETWEEN :from AND :until}, the key prefix as a filter on the
 * partition key. The index orders by {@code feedAt} only; changes recorded in the same millisecond
 * come in no set order, so a read goes on until it has seen every change of the milliseconds it
 * answers with, and orders them by key and sequence itself ({@link FeedPosition}).
 */
public final class DynamoDbChangeFeed implements ChangeFeed {

    /**
     * How old a change's feed position must be before a watch may pass it (ADR 0037): the longest
     * the fan-out's conditional put can take after it read its clock (the DynamoDB client's call
     * timeout: a put not done by then was abandoned, and a retry of its record writes nothing new),
     * plus the feed index's propagation and the clocks' skew (2 s together).
     */
    public static final Duration SETTLE_WINDOW = DynamoDbClients.CALL_TIMEOUT.plus(Duration.ofSeconds(2));

    /** Index pages read at most per call: a sparse prefix in a busy namespace answers with progress, not items. */
    static final int MAX_PAGES = 10;

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbChangeFeed(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public FeedPage read(TenantNamespace namespace, KeyPrefix prefix, FeedPosition after, long until, int limit) {
        if (until < after.at()) {
            return new FeedPage(List.of(), after);
        }
        Map<String, String> names = new HashMap<>(Map.of("#ns", ChangeLogItem.TENANT_NAMESPACE,
                "#at", ChangeLogItem.FEED_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":ns", AttributeValue.fromS(StateItem.partitionKey(namespace)),
                ":from", ChangeLogItem.number(after.at()),
                ":until", ChangeLogItem.number(until)));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .indexName(StateApiResources.ChangeLogTable.FEED_INDEX)
                .keyConditionExpression("#ns = :ns AND #at BETWEEN :from AND :until")
                .limit(Math.min(limit + 1, 1000));
        if (!prefix.value().isEmpty()) {
            names.put("#pk", ChangeLogItem.PK);
            values.put(":prefix", AttributeValue.fromS(StateItem.partitionKey(namespace) + "#" + prefix.value()));
            query.filterExpression("begins_with(#pk, :prefix)");
        }
        query.expressionAttributeNames(names).expressionAttributeValues(values);

        List<FeedEntry> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        long complete;
        int pages = 0;
        while (true) {
            Map<String, AttributeValue> from = start;
            QueryResponse response = call(() -> client.query(query.exclusiveStartKey(from).build()));
            pages++;
            for (Map<String, AttributeValue> item : response.items()) {
                FeedEntry entry = entry(namespace, item);
                if (entry.position().isAfter(after)) {
                    found.add(entry);
                }
            }
            boolean exhausted = !response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty();
            // Every change recorded before the millisecond read last has been seen; that one may go on.
            complete = exhausted ? until : ChangeLogItem.feedAt(response.lastEvaluatedKey()) - 1;
            long settled = complete;
            if (exhausted || pages >= MAX_PAGES || found.stream().filter(e -> e.position().at() <= settled).count() > limit) {
                break;
            }
            start = response.lastEvaluatedKey();
        }
        long settled = complete;
        List<FeedEntry> answer = found.stream().filter(e -> e.position().at() <= settled)
                .sorted(Comparator.comparing(FeedEntry::position)).toList();
        if (answer.size() > limit) {
            List<FeedEntry> page = answer.subList(0, limit);
            return new FeedPage(page, page.getLast().position());
        }
        FeedPosition reached = FeedPosition.boundary(complete);
        return new FeedPage(answer, reached.isAfter(after) ? reached : after);
    }

    private static FeedEntry entry(TenantNamespace namespace, Map<String, AttributeValue> item) {
        return new FeedEntry(FeedPosition.of(ChangeLogItem.feedAt(item), ChangeLogItem.keyOf(namespace, item),
                ChangeLogItem.sequence(item)), ChangeLogItem.keyOf(namespace, item), ChangeLogItem.toEntry(item));
    }
}
