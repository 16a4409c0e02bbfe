package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.schemas.SchemaCatalog;
import io.stateapi.domain.schemas.ValueSchema;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one schema version in the catalog table (ADR 0052).
 *
 * <pre>
 * pk          S   schema#tenant#namespace#createdAt   (one life of a namespace: one Query lists its versions;
 *                                                      a tenant id and a namespace have no '#')
 * sk          S   version, zero-padded to 10 digits   (so a Query returns them in version order)
 * version     N   1, 2, ...
 * schema      S   the JSON Schema document, compact JSON (at most 64 KiB)
 * migration   S   the migration from the version before, compact JSON (at most 16 KiB; ADR 0057); absent: none
 * createdAt   N   epoch millis the version was created
 * itemFormat  N   layout version of this item
 * </pre>
 *
 * <p>Which version is active is the namespace item's {@code schemaVersion} ({@link NamespaceItem}),
 * moved from N-1 to N in the same transaction that puts version N.
 */
final class SchemaItem {

    static final String PK = StateApiResources.CatalogTable.PARTITION_KEY;
    static final String SK = StateApiResources.CatalogTable.SORT_KEY;
    static final String VERSION = "version";
    static final String SCHEMA = "schema";
    static final String MIGRATION = "migration";
    static final String CREATED_AT = "createdAt";
    static final String ITEM_FORMAT = "itemFormat";
    static final int CURRENT_FORMAT = 1;

    private SchemaItem() {
    }

    /** The partition of one life of the namespace: its creation time tells a recreated one apart. */
    static String partitionKey(NamespaceInfo namespace) {
        return "schema#" + namespace.namespace().tenant().value() + "#" + namespace.namespace().name() + "#"
                + namespace.createdAt().toEpochMilli();
    }

    static String sortKey(long version) {
        return String.format("%010d", version);
    }

    static Map<String, AttributeValue> key(NamespaceInfo namespace, long version) {
        return Map.of(PK, AttributeValue.fromS(partitionKey(namespace)), SK, AttributeValue.fromS(sortKey(version)));
    }

    static Map<String, AttributeValue> item(NamespaceInfo namespace, ValueSchema schema) {
        Map<String, AttributeValue> item = new HashMap<>(key(namespace, schema.version()));
        item.put(VERSION, NamespaceItem.number(schema.version()));
        item.put(SCHEMA, AttributeValue.fromS(schema.schema().json()));
        item.put(CREATED_AT, NamespaceItem.number(schema.createdAt().toEpochMilli()));
        item.put(ITEM_FORMAT, NamespaceItem.number(CURRENT_FORMAT));
        schema.migration().ifPresent(migration -> item.put(MIGRATION, AttributeValue.fromS(migration.json())));
        return item;
    }

    /** @throws io.stateapi.domain.exceptions.UnreadableStateException when the item breaks the layout */
    static ValueSchema toSchema(NamespaceInfo namespace, Map<String, AttributeValue> item) {
        try {
            AttributeValue migration = item.get(MIGRATION);
            return new ValueSchema(namespace.namespace(), StateItem.number(item, VERSION),
                    new JsonDocument(StateItem.string(item, SCHEMA)), Instant.ofEpochMilli(StateItem.number(item, CREATED_AT)),
                    migration == null ? Optional.empty() : Optional.of(new JsonDocument(StateItem.string(item, MIGRATION))));
        } catch (StateApiException | IllegalArgumentException e) {
            throw StateItem.unreadable(item, e.getMessage());
        }
    }

    static SchemaCatalog.SchemaSummary toSummary(Map<String, AttributeValue> item) {
        return new SchemaCatalog.SchemaSummary(StateItem.number(item, VERSION),
                Instant.ofEpochMilli(StateItem.number(item, CREATED_AT)));
    }
}
