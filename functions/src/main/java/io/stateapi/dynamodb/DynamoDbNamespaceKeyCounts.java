package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.namespaces.NamespaceKeyCounts;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Namespaces' approximate key counts on their catalog items ({@link NamespaceItem}, ADR 0025):
 * one {@code UpdateItem ... ADD approximateKeyCount :delta}, conditioned on the item's existence.
 * Without the condition an {@code ADD} on a missing item would create one holding only its key
 * and a count, which {@link NamespaceItem} reads as unreadable, not as a namespace (ADR 0016).
 * The count is the only attribute written: settings, {@code updatedAt} and status stay as they are.
 */
public final class DynamoDbNamespaceKeyCounts implements NamespaceKeyCounts {

    private final DynamoDbClient client;
    private final String catalogTable;

    public DynamoDbNamespaceKeyCounts(DynamoDbClient client, String catalogTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
    }

    @Override
    public boolean add(TenantNamespace namespace, long delta) {
        return call(() -> {
            try {
                client.updateItem(b -> b.tableName(catalogTable).key(NamespaceItem.key(namespace))
                        .updateExpression("ADD #cnt :delta")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#cnt", NamespaceItem.APPROXIMATE_KEY_COUNT,
                                "#pk", NamespaceItem.PK))
                        .expressionAttributeValues(Map.of(":delta", NamespaceItem.number(delta))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }
}
