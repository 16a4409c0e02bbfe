package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.SchemaVersionConflictException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.schemas.SchemaCatalog;
import io.stateapi.domain.schemas.ValueSchema;
import io.stateapi.resources.StateApiResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Schema versions in the catalog table ({@link SchemaItem}; ADR 0052). Creating version N is one
 * transaction: the namespace item's {@code schemaVersion} moves from N-1 (absent for 1) to N on
 * the condition that the namespace is this life of it and not purging, and version N's item is
 * put on the condition that it is new. The first condition is what makes versions consecutive
 * and lets exactly one of two concurrent creators win; reads are strongly consistent.
 */
public final class DynamoDbSchemaCatalog implements SchemaCatalog {

    private final DynamoDbClient client;
    private final String catalogTable;

    public DynamoDbSchemaCatalog(DynamoDbClient client, String catalogTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
    }

    public static DynamoDbSchemaCatalog of(DynamoDbClient client, StateApiResources resources) {
        return new DynamoDbSchemaCatalog(client, resources.catalogTableName());
    }

    @Override
    public ValueSchema create(NamespaceInfo namespace, ValueSchema schema) {
        long version = schema.version();
        Map<String, String> names = new HashMap<>(Map.of("#pk", NamespaceItem.PK, "#ca", NamespaceItem.CREATED_AT,
                "#st", NamespaceItem.STATUS, "#sv", NamespaceItem.SCHEMA_VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":ca", NamespaceItem.number(namespace.createdAt().toEpochMilli()),
                ":purging", AttributeValue.fromS(NamespaceStatus.PURGING.label()),
                ":next", NamespaceItem.number(version)));
        String latest;
        if (version == 1) {
            latest = "attribute_not_exists(#sv)";
        } else {
            latest = "#sv = :latest";
            values.put(":latest", NamespaceItem.number(version - 1));
        }
        TransactWriteItem activate = TransactWriteItem.builder().update(Update.builder().tableName(catalogTable)
                .key(NamespaceItem.key(namespace.namespace()))
                .updateExpression("SET #sv = :next")
                .conditionExpression("attribute_exists(#pk) AND #ca = :ca AND (attribute_not_exists(#st) OR #st <> :purging)"
                        + " AND " + latest)
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .build()).build();
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(catalogTable)
                .item(SchemaItem.item(namespace, schema))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", SchemaItem.PK))
                .build()).build();
        boolean created = call(() -> {
            try {
                client.transactWriteItems(b -> b.transactItems(activate, put));
                return true;
            } catch (TransactionCanceledException e) {
                // Which condition failed is read from the namespace as it is now.
                return false;
            }
        });
        if (created) {
            return schema;
        }
        throw refusal(namespace, version);
    }

    private RuntimeException refusal(NamespaceInfo namespace, long version) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(NamespaceItem.key(namespace.namespace())).consistentRead(true)).item());
        if (item == null || item.isEmpty()) {
            return new NamespaceNotFoundException(namespace.namespace().namespace());
        }
        NamespaceInfo now = NamespaceItem.toInfo(item);
        if (!now.createdAt().equals(namespace.createdAt())) {
            return new StoreUnavailableException("namespace '" + namespace.namespace().name()
                    + "' was deleted and created again while the schema was being created; retry", RETRY_AFTER, null);
        }
        if (now.status() == NamespaceStatus.PURGING) {
            return new NamespacePurgingException(namespace.namespace().namespace());
        }
        long latest = now.schemaVersion().orElse(0);
        if (latest + 1 == version) {
            // The conditions held when read again: another transaction touched the items at the same time.
            return new StoreUnavailableException("schema version " + version + " collided with another write; retry",
                    RETRY_AFTER, null);
        }
        return new SchemaVersionConflictException(version, latest);
    }

    @Override
    public List<SchemaSummary> list(NamespaceInfo namespace) {
        List<SchemaSummary> versions = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(catalogTable)
                    .keyConditionExpression("#pk = :pk")
                    // The documents stay behind: a listing is a few bytes per version, not 64 KiB.
                    .projectionExpression("#pk, #sk, #v, #ca")
                    .expressionAttributeNames(Map.of("#pk", SchemaItem.PK, "#sk", SchemaItem.SK,
                            "#v", SchemaItem.VERSION, "#ca", SchemaItem.CREATED_AT))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SchemaItem.partitionKey(namespace))))
                    .consistentRead(true);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = call(() -> client.query(query.build()));
            page.items().forEach(item -> versions.add(SchemaItem.toSummary(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return versions;
    }

    @Override
    public Optional<ValueSchema> find(NamespaceInfo namespace, long version) {
        if (version < 1) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(SchemaItem.key(namespace, version)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(SchemaItem.toSchema(namespace, item));
    }
}
