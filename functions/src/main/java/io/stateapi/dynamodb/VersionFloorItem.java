package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A namespace name's version floor in the catalog table (ADR 0019): at least every version a
 * purge removed from the name's keys, whether the namespace exists now or not.
 *
 * <pre>
 * pk            S   floor#tenant
 * sk            S   namespace
 * versionFloor  N   only ever raised; never deleted
 * raisedAt      N   epoch millis of the last raise (the tombstone purge waits Housekeeping.SETTLE after it)
 * </pre>
 *
 * <p>Apart from the namespace's item on purpose: a namespace deleted (empty) or purged and
 * created again under the name must continue above it, and a tombstone of a deleted namespace
 * may be purged too.
 */
final class VersionFloorItem {

    static final String VERSION_FLOOR = "versionFloor";
    static final String RAISED_AT = "raisedAt";
    private static final String PARTITION_PREFIX = "floor#";

    /** A floor as read: its value and when it was last raised (EPOCH when never). */
    record Floor(long value, Instant raisedAt) {
        static final Floor NONE = new Floor(0, Instant.EPOCH);
    }

    private VersionFloorItem() {
    }

    static Map<String, AttributeValue> key(TenantNamespace namespace) {
        return Map.of(NamespaceItem.PK, AttributeValue.fromS(PARTITION_PREFIX + namespace.tenant().value()),
                NamespaceItem.SK, AttributeValue.fromS(namespace.name()));
    }

    static Floor read(DynamoDbClient client, String catalogTable, TenantNamespace namespace) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(key(namespace)).consistentRead(true)).item());
        if (item == null || !item.containsKey(VERSION_FLOOR)) {
            return Floor.NONE;
        }
        return new Floor(StateItem.number(item, VERSION_FLOOR),
                Instant.ofEpochMilli(StateItem.optionalNumber(item, RAISED_AT).orElse(0L)));
    }

    /**
     * Raises the floor to {@code floor} unless it is that high already.
     *
     * @return the floor after the call, as far as this call knows; empty when it was already as high
     */
    static Optional<Floor> raise(DynamoDbClient client, String catalogTable, TenantNamespace namespace, long floor,
                                 Instant now) {
        return call(() -> {
            try {
                client.updateItem(b -> b.tableName(catalogTable).key(key(namespace))
                        .updateExpression("SET #vf = :vf, #ra = :now")
                        .conditionExpression("attribute_not_exists(#vf) OR #vf < :vf")
                        .expressionAttributeNames(Map.of("#vf", VERSION_FLOOR, "#ra", RAISED_AT))
                        .expressionAttributeValues(Map.of(":vf", NamespaceItem.number(floor),
                                ":now", NamespaceItem.number(now.toEpochMilli()))));
                return Optional.of(new Floor(floor, now));
            } catch (ConditionalCheckFailedException e) {
                return Optional.empty();
            }
        });
    }
}
