package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.StateApiResources;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one namespace's item in the catalog table (ADR 0016).
 *
 * <pre>
 * pk                   S     ns#tenant                 (all of a tenant's namespaces: one Query)
 * sk                   S     namespace                 (so a listing comes in name order)
 * defaultTtlSeconds    N     TTL of a write that gives none (absent: no expiry)
 * maxValueBytes        N     largest value, compact UTF-8 JSON bytes
 * eventValues          BOOL  whether change events carry the value
 * changeRetentionDays  N     days the change log keeps a change (absent: the default; ADR 0036)
 * approximateKeyCount  N     live keys as the fan-out counts them (ADD per batch, ADR 0025)
 * createdAt            N     epoch millis the namespace was created
 * updatedAt            N     epoch millis its settings were last put
 * status               S     active | purging
 * schemaVersion        N     the active schema version (absent: none; ADR 0052); set only by
 *                            creating a schema version ({@link SchemaItem}), never by settings
 * itemFormat           N     layout version of this item
 * </pre>
 *
 * <p>Settings, count and status are read leniently (absent means the default; a limit above the
 * service's own is read as the service's own, should that ever shrink); {@code createdAt} and
 * {@code updatedAt} are required, so an item that something else created with only a counter
 * in it is reported unreadable rather than taken for a namespace.
 */
final class NamespaceItem {

    static final String PK = StateApiResources.CatalogTable.PARTITION_KEY;
    static final String SK = StateApiResources.CatalogTable.SORT_KEY;
    static final String DEFAULT_TTL_SECONDS = "defaultTtlSeconds";
    static final String MAX_VALUE_BYTES = "maxValueBytes";
    static final String EVENT_VALUES = "eventValues";
    static final String CHANGE_RETENTION_DAYS = "changeRetentionDays";
    static final String APPROXIMATE_KEY_COUNT = "approximateKeyCount";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String STATUS = "status";
    static final String SCHEMA_VERSION = "schemaVersion";
    static final String ITEM_FORMAT = "itemFormat";

    static final int CURRENT_FORMAT = 1;
    static final String PARTITION_PREFIX = "ns#";

    private NamespaceItem() {
    }

    /** {@code ns#<tenant>}: no principal ARN or other catalog partition starts so. */
    static String partitionKey(TenantId tenant) {
        return PARTITION_PREFIX + tenant.value();
    }

    static Map<String, AttributeValue> key(TenantNamespace namespace) {
        return Map.of(PK, AttributeValue.fromS(partitionKey(namespace.tenant())), SK, AttributeValue.fromS(namespace.name()));
    }

    /** The whole item of a namespace. */
    static Map<String, AttributeValue> item(NamespaceInfo info) {
        Map<String, AttributeValue> item = new HashMap<>(key(info.namespace()));
        item.putAll(settings(info.settings()));
        info.settings().defaultTtl().ifPresent(ttl -> item.put(DEFAULT_TTL_SECONDS, number(ttl.seconds())));
        item.put(APPROXIMATE_KEY_COUNT, number(info.approximateKeyCount()));
        item.put(CREATED_AT, number(info.createdAt().toEpochMilli()));
        item.put(UPDATED_AT, number(info.updatedAt().toEpochMilli()));
        item.put(STATUS, AttributeValue.fromS(info.status().label()));
        info.schemaVersion().ifPresent(version -> item.put(SCHEMA_VERSION, number(version)));
        item.put(ITEM_FORMAT, number(CURRENT_FORMAT));
        return item;
    }

    /** The settings' attributes that every namespace item has (the default TTL is optional). */
    static Map<String, AttributeValue> settings(NamespaceSettings settings) {
        return Map.of(MAX_VALUE_BYTES, number(settings.maxValueBytes()),
                EVENT_VALUES, AttributeValue.fromBool(settings.eventValues()),
                CHANGE_RETENTION_DAYS, number(settings.changeRetentionDays()));
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /**
     * The namespace an item describes.
     *
     * @throws UnreadableStateException when the item does not follow the layout
     */
    static NamespaceInfo toInfo(Map<String, AttributeValue> item) {
        try {
            TenantNamespace namespace = namespace(item);
            Optional<TimeToLive> ttl = StateItem.optionalNumber(item, DEFAULT_TTL_SECONDS).map(TimeToLive::new);
            long maxValueBytes = Math.min(StateItem.optionalNumber(item, MAX_VALUE_BYTES).orElse((long) JsonDocument.MAX_UTF8_BYTES),
                    JsonDocument.MAX_UTF8_BYTES);
            boolean eventValues = !item.containsKey(EVENT_VALUES) || bool(item, EVENT_VALUES);
            // Read within the limits, should they ever shrink, like maxValueBytes.
            int retentionDays = (int) Math.max(1, Math.min(NamespaceSettings.MAX_CHANGE_RETENTION_DAYS,
                    StateItem.optionalNumber(item, CHANGE_RETENTION_DAYS)
                            .orElse((long) NamespaceSettings.DEFAULT_CHANGE_RETENTION_DAYS)));
            NamespaceStatus status = item.containsKey(STATUS)
                    ? NamespaceStatus.fromLabel(StateItem.string(item, STATUS))
                            .orElseThrow(() -> StateItem.unreadable(item, "attribute 'status' is not a known status"))
                    : NamespaceStatus.ACTIVE;
            return new NamespaceInfo(namespace, new NamespaceSettings(ttl, maxValueBytes, eventValues, retentionDays),
                    // Read as 0 when below: deltas lost or doubled (ADR 0025) can take it there, never the keys.
                    Math.max(0L, StateItem.optionalNumber(item, APPROXIMATE_KEY_COUNT).orElse(0L)),
                    Instant.ofEpochMilli(StateItem.number(item, CREATED_AT)),
                    Instant.ofEpochMilli(StateItem.number(item, UPDATED_AT)),
                    status, StateItem.optionalNumber(item, SCHEMA_VERSION)
                            .map(OptionalLong::of).orElse(OptionalLong.empty()));
        } catch (UnreadableStateException e) {
            throw e;
        } catch (StateApiException | DateTimeException e) {
            throw StateItem.unreadable(item, e.getMessage());
        }
    }

    private static TenantNamespace namespace(Map<String, AttributeValue> item) {
        String partition = StateItem.string(item, PK);
        if (!partition.startsWith(PARTITION_PREFIX)) {
            throw StateItem.unreadable(item, "partition key does not start with " + PARTITION_PREFIX);
        }
        return TenantNamespace.of(partition.substring(PARTITION_PREFIX.length()), StateItem.string(item, SK));
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value.type() != AttributeValue.Type.BOOL) {
            throw StateItem.unreadable(item, "attribute '" + name + "' is of type " + value.type() + ", not BOOL");
        }
        return value.bool();
    }
}
