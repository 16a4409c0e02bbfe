package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A test seam of the API's first write into a namespace that does not exist yet, without the
 * requests: what a {@code PUT} of a new key there leaves in the tables. That is the namespace's
 * catalog item, created with the default settings ({@link NamespaceItem#item} of
 * {@link NamespaceInfo#created}, what {@link DynamoDbNamespaceCatalog#createIfAbsent} puts), and
 * the key's first version in a namespace without a schema ({@link BulkSeed#item} without the
 * schema version, which a write into such a namespace removes). Written 25 to a
 * {@code BatchWriteItem}, the catalog items first, so the fan-out's key counts land on
 * namespaces that exist ({@code SeededNamespacesTest} holds the items to the API's own).
 */
public final class SeededNamespaces {

    private SeededNamespaces() {
    }

    /** One new namespace holding one key. */
    public record FirstWrite(TenantNamespace namespace, Key key, JsonDocument value) {
    }

    /** The items a first write left: the namespace's catalog item and the key's state item. */
    public record Items(Map<String, AttributeValue> catalog, Map<String, AttributeValue> state) {
    }

    /** Writes every one of {@code writes} (each into a namespace of its own), and returns the items written. */
    public static Map<FirstWrite, Items> write(DynamoDbClient client, StateApiResources resources, List<FirstWrite> writes,
                                               Instant time) {
        Instant now = time.truncatedTo(ChronoUnit.MILLIS);
        Map<FirstWrite, Items> written = new LinkedHashMap<>();
        for (FirstWrite write : writes) {
            written.put(write, items(write, now));
        }
        put(client, resources.catalogTableName(), written.values().stream().map(Items::catalog).toList());
        put(client, resources.tableName(), written.values().stream().map(Items::state).toList());
        return written;
    }

    /** The items of one first write at {@code now}. */
    static Items items(FirstWrite write, Instant now) {
        Map<String, AttributeValue> catalog = NamespaceItem.item(
                NamespaceInfo.created(write.namespace(), NamespaceSettings.DEFAULTS, now));
        Map<String, AttributeValue> state = new HashMap<>(BulkSeed.item(write.namespace(), write.key(), write.value(), 0, now));
        state.remove(StateItem.SCHEMA_VERSION);
        return new Items(Map.copyOf(catalog), Map.copyOf(state));
    }

    private static void put(DynamoDbClient client, String table, List<Map<String, AttributeValue>> items) {
        List<WriteRequest> batch = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                BulkSeed.write(client, table, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            BulkSeed.write(client, table, batch);
        }
    }
}
