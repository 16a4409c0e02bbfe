package io.stateapi.http;

import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * What some tenants have stored, read straight from the tables (not through the API under
 * test), in two parts. Under some namespace names ({@link #named}): every state item of those
 * partitions, with its version and liveness, and the catalog entry of each name, with its stored
 * settings. Across each tenant's whole catalog ({@link #tenantWide}): how many namespaces it
 * lists, and its subscriptions. Two snapshots taken around a request show whether it changed
 * anything of a tenant; {@link #lines} gives the lines of items a test wrote itself, the same
 * way, for a state known without reading it.
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
     * then one line per catalog entry of those names ("catalog ns {attributes}"). Counters the
     * fan-out keeps on its own schedule (approximate key counts) are left out: they follow stored
     * changes, which the item lines already show. Costs one Query per tenant and name and one
     * BatchGetItem.
     */
    Map<String, List<String>> named(Collection<String> names) {
        Map<String, Map<String, AttributeValue>> catalog = catalogEntries(names);
        Map<String, List<Map<String, AttributeValue>>> items = new LinkedHashMap<>();
        for (String tenant : tenants) {
            for (String name : names) {
                items.put(StateItem.partitionKey(TenantNamespace.of(tenant, name)),
                        query(resources.tableName(), StateItem.partitionKey(TenantNamespace.of(tenant, name))));
            }
        }
        return lines(names, items, catalog);
    }

    /**
     * The lines {@link #named} gives for these items: {@code stateItems} by state partition key
     * (in sort key order, as a Query returns them), {@code catalogItems} by "partition name" (the
     * catalog partition {@code ns#tenant} and the namespace's name).
     */
    Map<String, List<String>> lines(Collection<String> names, Map<String, List<Map<String, AttributeValue>>> stateItems,
                                    Map<String, Map<String, AttributeValue>> catalogItems) {
        Instant now = Instant.now();
        Map<String, List<String>> state = new LinkedHashMap<>();
        for (String tenant : tenants) {
            List<String> lines = new ArrayList<>();
            for (String name : names) {
                // A purge strips an item to its keys before deleting it (StateItem): no state item, so no line.
                stateItems.getOrDefault(StateItem.partitionKey(TenantNamespace.of(tenant, name)), List.of()).stream()
                        .filter(item -> StateItem.version(item).isPresent())
                        .forEach(item -> lines.add(name + " " + item.get(StateItem.SK).s()
                                + " v" + item.get(StateItem.VERSION).n()
                                + (StateItem.isLive(item, now) ? " live" : " deleted")));
            }
            for (String name : names) {
                Map<String, AttributeValue> item = catalogItems.get(catalogPartition(tenant) + " " + name);
                if (item != null) {
                    Map<String, String> attributes = new TreeMap<>();
                    item.forEach((attribute, value) -> {
                        if (!attribute.toLowerCase(Locale.ROOT).contains("count")) {
                            attributes.put(attribute, value.toString());
                        }
                    });
                    lines.add("catalog " + name + " " + attributes);
                }
            }
            state.put(tenant, lines);
        }
        return state;
    }

    /**
     * Per tenant: how many namespaces its catalog lists in all ("catalog size N"), so a namespace
     * created or removed under any name shows, not only under the names a snapshot reads, and one
     * line per subscription ("subscription ns#name status", ADR 0038). Costs two Queries per tenant.
     */
    Map<String, List<String>> tenantWide() {
        Map<String, List<String>> state = new LinkedHashMap<>();
        for (String tenant : tenants) {
            List<String> lines = new ArrayList<>();
            lines.add("catalog size " + count(resources.catalogTableName(), catalogPartition(tenant)));
            query(resources.catalogTableName(), "sub#" + tenant).forEach(item -> lines.add("subscription "
                    + item.get("sk").s() + " " + item.get("status").s()));
            state.put(tenant, lines);
        }
        return state;
    }

    /** The catalog partition of a tenant's namespaces ({@code NamespaceItem}). */
    static String catalogPartition(String tenant) {
        return "ns#" + tenant;
    }

    /**
     * The catalog entries of {@code names} for every tenant, by "partition name", in one strongly
     * consistent BatchGetItem rather than a GetItem each: the emulator serves one DynamoDB request
     * at a time (issue 14).
     */
    private Map<String, Map<String, AttributeValue>> catalogEntries(Collection<String> names) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String tenant : tenants) {
            for (String name : names) {
                keys.add(Map.of(StateApiResources.CatalogTable.PARTITION_KEY, AttributeValue.fromS(catalogPartition(tenant)),
                        StateApiResources.CatalogTable.SORT_KEY, AttributeValue.fromS(name)));
            }
        }
        Map<String, Map<String, AttributeValue>> entries = new LinkedHashMap<>();
        Map<String, KeysAndAttributes> unread = Map.of(resources.catalogTableName(),
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!unread.isEmpty()) {
            Map<String, KeysAndAttributes> asked = unread;
            BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(asked));
            response.responses().getOrDefault(resources.catalogTableName(), List.of()).forEach(item -> entries.put(
                    item.get(StateApiResources.CatalogTable.PARTITION_KEY).s() + " "
                            + item.get(StateApiResources.CatalogTable.SORT_KEY).s(), item));
            unread = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return entries;
    }

    private int count(String table, String partitionKey) {
        int count = 0;
        for (var page : dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .select(Select.COUNT)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", "pk"))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey))))) {
            count += page.count();
        }
        return count;
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
