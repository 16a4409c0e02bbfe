package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.domain.subscriptions.SubscriptionCatalog;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Subscriptions in the catalog table ({@link SubscriptionItem}; ADR 0038). Reads are strongly
 * consistent; a new subscription is a conditional {@code PutItem}, so of two creates of one name
 * exactly one stores it.
 */
public final class DynamoDbSubscriptionCatalog implements SubscriptionCatalog {

    private final DynamoDbClient client;
    private final String catalogTable;

    public DynamoDbSubscriptionCatalog(DynamoDbClient client, String catalogTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
    }

    @Override
    public Optional<Subscription> find(TenantNamespace namespace, String name) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(SubscriptionItem.key(namespace, name)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(SubscriptionItem.toSubscription(item));
    }

    @Override
    public List<Subscription> list(TenantNamespace namespace) {
        List<Subscription> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = call(() -> client.query(b -> b.tableName(catalogTable).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :ns)")
                    .expressionAttributeNames(Map.of("#pk", SubscriptionItem.PK, "#sk", SubscriptionItem.SK))
                    .expressionAttributeValues(Map.of(":pk", SubscriptionItem.partition(namespace.tenant()),
                            ":ns", AttributeValue.fromS(SubscriptionItem.sortPrefix(namespace))))
                    .exclusiveStartKey(from)));
            page.items().forEach(item -> found.add(SubscriptionItem.toSubscription(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }

    @Override
    public int count(TenantId tenant) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = call(() -> client.query(b -> b.tableName(catalogTable).consistentRead(true)
                    .select(Select.COUNT)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", SubscriptionItem.PK))
                    .expressionAttributeValues(Map.of(":pk", SubscriptionItem.partition(tenant)))
                    .exclusiveStartKey(from)));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    @Override
    public boolean insert(Subscription subscription) {
        return call(() -> {
            try {
                client.putItem(b -> b.tableName(catalogTable).item(SubscriptionItem.item(subscription))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", SubscriptionItem.PK)));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    @Override
    public void update(Subscription subscription) {
        call(() -> client.putItem(b -> b.tableName(catalogTable).item(SubscriptionItem.item(subscription))));
    }

    @Override
    public void delete(TenantNamespace namespace, String name) {
        call(() -> client.deleteItem(b -> b.tableName(catalogTable).key(SubscriptionItem.key(namespace, name))));
    }
}
