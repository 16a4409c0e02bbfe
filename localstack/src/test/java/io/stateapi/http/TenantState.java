package io.stateapi.http;

import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.resources.StateApiResources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What some tenants have stored under some namespace names, read straight from the tables (not
 * through the API under test): every state item of those partitions, with its version and
 * liveness, and every namespace the catalog lists for the tenant, with its stored settings.
 * Two snapshots taken around a request show whether it changed anything of a tenant.
 */
final class TenantState {

    private final DynamoDbClient dynamoDb;
    private final StateApiResources resources;
    private final List<String> tenants;

    TenantState(DynamoDbClient dynamoDb, StateApiResources resources, List<String> tenants) {
        this.dynamoDb = dynamoDb;
        this.resources = resources;
        this.tenants = List.copyOf(tenants);
    }

    /**
     * Per tenant: one line per state item under any of {@code names} ("ns key vN live|deleted"),
     * then one line per namespace in the tenant's catalog ("catalog ns {attributes}"). Counters
     * the fan-out keeps on its own schedule (approximate key counts) are left out: they follow
     * stored changes, which the item lines already show.
     */
    Map<String, List<String>> snapshot(Collection<String> names) {
        Map<String, List<String>> state = new LinkedHashMap<>();
        for (String tenant : tenants) {
            List<String> lines = new ArrayList<>();
            for (String name : names) {
                String pk = StateItem.partitionKey(TenantNamespace.of(tenant, name));
                query(resources.tableName(), pk).forEach(item -> lines.add(name + " " + item.get(StateItem.SK).s()
                        + " v" + item.get(StateItem.VERSION).n()
                        + (StateItem.isLive(item, java.time.Instant.now()) ? " live" : " deleted")));
            }
            query(resources.catalogTableName(), "ns#" + tenant).forEach(item -> {
                Map<String, String> attributes = new TreeMap<>();
                item.forEach((attribute, value) -> {
                    if (!attribute.toLowerCase(java.util.Locale.ROOT).contains("count")) {
                        attributes.put(attribute, value.toString());
                    }
                });
                lines.add("catalog " + item.get(StateApiResources.CatalogTable.SORT_KEY).s() + " " + attributes);
            });
            state.put(tenant, lines);
        }
        return state;
    }

    private List<Map<String, AttributeValue>> query(String table, String partitionKey) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", "pk"))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey))))
                .items().forEach(items::add);
        return items;
    }
}
