package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.CatalogPage;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceDeletion;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.namespaces.PurgeStatus;
import io.stateapi.domain.namespaces.SettingsPut;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The namespace catalog in the catalog table ({@link NamespaceItem}; ADR 0016). Every read is
 * strongly consistent. Creating is a conditional {@code PutItem}, so of racing first writes
 * exactly one creates; putting settings is one {@code UpdateItem} that keeps what it does not
 * set. Whether a namespace is empty is asked of the state table, by the liveness rule of
 * {@link StateItem}. A purge starts with one transaction that marks the namespace
 * {@code purging} and puts its record ({@link PurgeItem}); the housekeeping carries it out
 * ({@link DynamoDbNamespacePurger}). Version floors are kept per name ({@link VersionFloorItem}).
 */
public final class DynamoDbNamespaceCatalog implements NamespaceCatalog {

    /** State items read per page while looking for a live key; tombstones and expired values are skipped. */
    private static final int EMPTINESS_PAGE = 100;

    private final DynamoDbClient client;
    private final String catalogTable;
    private final String stateTable;

    public DynamoDbNamespaceCatalog(DynamoDbClient client, String catalogTable, String stateTable) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
        this.stateTable = Objects.requireNonNull(stateTable, "stateTable");
    }

    public static DynamoDbNamespaceCatalog of(DynamoDbClient client, StateApiResources resources) {
        return new DynamoDbNamespaceCatalog(client, resources.catalogTableName(), resources.tableName());
    }

    @Override
    public Optional<NamespaceInfo> find(TenantNamespace namespace) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(NamespaceItem.key(namespace)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(NamespaceItem.toInfo(item));
    }

    @Override
    public NamespaceInfo createIfAbsent(TenantNamespace namespace, Instant time) {
        Instant now = stored(time);
        NamespaceInfo created = NamespaceInfo.created(namespace, NamespaceSettings.DEFAULTS, now);
        Optional<Map<String, AttributeValue>> existing = call(() -> {
            try {
                client.putItem(b -> b.tableName(catalogTable).item(NamespaceItem.item(created))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return Optional.empty();
            } catch (ConditionalCheckFailedException e) {
                return Optional.of(e.hasItem() ? e.item() : Map.of());
            }
        });
        if (existing.isEmpty()) {
            return created;
        }
        if (!existing.get().isEmpty()) {
            return NamespaceItem.toInfo(existing.get());
        }
        return find(namespace).orElseThrow(() -> new StoreUnavailableException(
                "namespace '" + namespace.name() + "' was created and deleted concurrently; retry", RETRY_AFTER, null));
    }

    @Override
    public SettingsPut putSettings(TenantNamespace namespace, NamespaceSettings settings, Instant time) {
        Instant now = stored(time);
        Map<String, String> names = new HashMap<>(Map.of("#ttl", NamespaceItem.DEFAULT_TTL_SECONDS,
                "#max", NamespaceItem.MAX_VALUE_BYTES, "#ev", NamespaceItem.EVENT_VALUES,
                "#ret", NamespaceItem.CHANGE_RETENTION_DAYS,
                "#cnt", NamespaceItem.APPROXIMATE_KEY_COUNT, "#ca", NamespaceItem.CREATED_AT,
                "#ua", NamespaceItem.UPDATED_AT, "#st", NamespaceItem.STATUS, "#fmt", NamespaceItem.ITEM_FORMAT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":max", NamespaceItem.number(settings.maxValueBytes()),
                ":ev", AttributeValue.fromBool(settings.eventValues()),
                ":ret", NamespaceItem.number(settings.changeRetentionDays()),
                ":zero", NamespaceItem.number(0),
                ":now", NamespaceItem.number(now.toEpochMilli()),
                ":active", AttributeValue.fromS(NamespaceStatus.ACTIVE.label()),
                ":fmt", NamespaceItem.number(NamespaceItem.CURRENT_FORMAT)));
        settings.defaultTtl().ifPresent(ttl -> values.put(":ttl", NamespaceItem.number(ttl.seconds())));
        // Creation time, count and status are the namespace's own: set only when it is new.
        String update = "SET #max = :max, #ev = :ev, #ret = :ret, #ua = :now, #fmt = :fmt, #ca = if_not_exists(#ca, :now),"
                + " #cnt = if_not_exists(#cnt, :zero), #st = if_not_exists(#st, :active)"
                + (settings.defaultTtl().isPresent() ? ", #ttl = :ttl" : " REMOVE #ttl");
        values.put(":purging", AttributeValue.fromS(NamespaceStatus.PURGING.label()));
        Map<String, AttributeValue> before = call(() -> {
            try {
                return client.updateItem(b -> b.tableName(catalogTable)
                        .key(NamespaceItem.key(namespace)).updateExpression(update)
                        .conditionExpression("attribute_not_exists(#st) OR #st <> :purging")
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_OLD)).attributes();
            } catch (ConditionalCheckFailedException e) {
                throw new NamespacePurgingException(namespace.namespace());
            }
        });
        if (before == null || before.isEmpty()) {
            return new SettingsPut.Created(NamespaceInfo.created(namespace, settings, now));
        }
        NamespaceInfo old = NamespaceItem.toInfo(before);
        return new SettingsPut.Changed(new NamespaceInfo(namespace, settings, old.approximateKeyCount(),
                old.createdAt(), now, old.status(), old.schemaVersion()));
    }

    /** An instant as the catalog keeps it (epoch millis), so what a write returns is what a read finds. */
    private static Instant stored(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public CatalogPage list(TenantId tenant, Optional<Namespace> after, int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(catalogTable)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(NamespaceItem.partitionKey(tenant))))
                .consistentRead(true)
                .limit(limit);
        after.ifPresent(name -> query.exclusiveStartKey(Map.of(
                NamespaceItem.PK, AttributeValue.fromS(NamespaceItem.partitionKey(tenant)),
                NamespaceItem.SK, AttributeValue.fromS(name.value()))));
        QueryResponse response = call(() -> client.query(query.build()));
        List<NamespaceInfo> namespaces = response.items().stream().map(NamespaceItem::toInfo).toList();
        return new CatalogPage(namespaces, !namespaces.isEmpty() && response.hasLastEvaluatedKey()
                && !response.lastEvaluatedKey().isEmpty());
    }

    @Override
    public NamespaceDeletion deleteIfEmpty(TenantNamespace namespace, Instant now) {
        if (holdsLiveKey(namespace, now)) {
            return NamespaceDeletion.NOT_EMPTY;
        }
        return call(() -> {
            try {
                client.deleteItem(b -> b.tableName(catalogTable).key(NamespaceItem.key(namespace))
                        .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#st) OR #st <> :purging)")
                        .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK, "#st", NamespaceItem.STATUS))
                        .expressionAttributeValues(Map.of(":purging", AttributeValue.fromS(NamespaceStatus.PURGING.label())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
                return NamespaceDeletion.DELETED;
            } catch (ConditionalCheckFailedException e) {
                return e.hasItem() && !e.item().isEmpty() ? NamespaceDeletion.PURGING : NamespaceDeletion.ABSENT;
            }
        });
    }

    @Override
    public Optional<PurgeStatus> startPurge(TenantNamespace namespace, Instant time) {
        Instant now = stored(time);
        TransactWriteItem mark = TransactWriteItem.builder().update(Update.builder().tableName(catalogTable)
                .key(NamespaceItem.key(namespace))
                .updateExpression("SET #st = :purging")
                .conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#st) OR #st <> :purging)")
                .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK, "#st", NamespaceItem.STATUS))
                .expressionAttributeValues(Map.of(":purging", AttributeValue.fromS(NamespaceStatus.PURGING.label())))
                .build()).build();
        TransactWriteItem record = TransactWriteItem.builder().put(Put.builder().tableName(catalogTable)
                .item(PurgeItem.started(namespace, now)).build()).build();
        boolean started = call(() -> {
            try {
                client.transactWriteItems(b -> b.transactItems(mark, record));
                return true;
            } catch (TransactionCanceledException e) {
                // The namespace is gone, or already purging: what is there now says which.
                return false;
            }
        });
        if (started) {
            return Optional.of(PurgeStatus.started(now));
        }
        Optional<NamespaceInfo> found = find(namespace);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(purgeStatus(namespace, now).orElseThrow(() -> new StoreUnavailableException(
                "namespace '" + namespace.name() + "' changed while its purge was starting; retry", RETRY_AFTER, null)));
    }

    @Override
    public Optional<PurgeStatus> purgeStatus(TenantNamespace namespace, Instant now) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(PurgeItem.key(namespace)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : PurgeItem.status(item, now);
    }

    @Override
    public long versionFloor(TenantNamespace namespace) {
        return VersionFloorItem.read(client, catalogTable, namespace).value();
    }

    /**
     * Whether any state item of the namespace is live at {@code now}: a strongly consistent
     * Query of its item collection that stops at the first live item. Tombstones and expired
     * values are read and skipped (a filter expression would skip them too, at the same read
     * cost), so a namespace of many deleted keys costs a read of all of them.
     */
    private boolean holdsLiveKey(TenantNamespace namespace, Instant now) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(stateTable)
                    .keyConditionExpression("#pk = :pk")
                    .projectionExpression("#pk, #sk, #v, #tomb, #exp")
                    .expressionAttributeNames(Map.of("#pk", StateItem.PK, "#sk", StateItem.SK,
                            "#v", StateItem.VERSION, "#tomb", StateItem.TOMBSTONE, "#exp", StateItem.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(StateItem.partitionKey(namespace))))
                    .consistentRead(true)
                    .limit(EMPTINESS_PAGE);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = call(() -> client.query(query.build()));
            for (Map<String, AttributeValue> item : page.items()) {
                if (live(item, now)) {
                    return true;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return false;
    }

    /** An item the liveness rule cannot read still holds something: the namespace is not empty. */
    private static boolean live(Map<String, AttributeValue> item, Instant now) {
        try {
            return StateItem.isLive(item, now);
        } catch (UnreadableStateException e) {
            return true;
        }
    }
}
