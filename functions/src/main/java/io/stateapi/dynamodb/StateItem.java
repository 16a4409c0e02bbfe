package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteToken;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one key's item in the state table (ADR 0002), and the rule that decides
 * whether an item holds a live value.
 *
 * <pre>
 * pk          S     namespace                       (partition key)
 * sk          S     key                             (sort key)
 * version     N     last committed version; kept on delete so versions are never reused
 * value       S     compact JSON text of the value  (absent on a tombstone)
 * createdAt   N     epoch millis the current incarnation was created
 * updatedAt   N     epoch millis of the last committed change
 * expiresAt   N     epoch seconds; DynamoDB's TTL attribute (absent: no expiry)
 * tombstone   BOOL  true when the last change was a delete
 * itemFormat  N     layout version of this item, for lazy migrations
 * writeToken  S     identity of the write that made this version (ADR 0007); a write sent
 *                   again after a lost answer finds it here and knows it committed
 * </pre>
 */
public final class StateItem {

    public static final String PK = StateApiResources.Table.PARTITION_KEY;
    public static final String SK = StateApiResources.Table.SORT_KEY;
    public static final String VERSION = "version";
    public static final String VALUE = "value";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String EXPIRES_AT = StateApiResources.Table.TTL_ATTRIBUTE;
    public static final String TOMBSTONE = "tombstone";
    public static final String ITEM_FORMAT = "itemFormat";
    public static final String WRITE_TOKEN = "writeToken";

    /** Layout written by this code. */
    public static final int CURRENT_FORMAT = 1;

    private StateItem() {
    }

    public static Map<String, AttributeValue> key(Namespace namespace, Key key) {
        return Map.of(PK, AttributeValue.fromS(namespace.value()), SK, AttributeValue.fromS(key.value()));
    }

    /** The version an item is at, live or not; empty when there is no item. */
    public static Optional<Version> version(Map<String, AttributeValue> item) {
        if (item == null || !item.containsKey(VERSION)) {
            return Optional.empty();
        }
        return Optional.of(Version.of(Long.parseLong(item.get(VERSION).n())));
    }

    /** Whether the item's current version was committed by the write with {@code token}. */
    public static boolean committedBy(Map<String, AttributeValue> item, WriteToken token) {
        AttributeValue written = item == null ? null : item.get(WRITE_TOKEN);
        return written != null && token.value().equals(written.s());
    }

    /**
     * Whether the item holds a value at {@code now}. Expired items count as absent before
     * DynamoDB's sweeper deletes them (which can take days); the conditions in
     * {@link DynamoDbStateStore} use the same rule.
     */
    public static boolean isLive(Map<String, AttributeValue> item, Instant now) {
        if (item == null || item.isEmpty() || !item.containsKey(VERSION)) {
            return false;
        }
        AttributeValue tombstone = item.get(TOMBSTONE);
        if (tombstone != null && Boolean.TRUE.equals(tombstone.bool())) {
            return false;
        }
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return expiresAt == null || Long.parseLong(expiresAt.n()) > now.getEpochSecond();
    }

    /** The live record an item holds at {@code now}, or empty. */
    public static Optional<StateRecord> toRecord(Map<String, AttributeValue> item, Instant now) {
        if (!isLive(item, now)) {
            return Optional.empty();
        }
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return Optional.of(new StateRecord(
                Namespace.of(item.get(PK).s()),
                Key.of(item.get(SK).s()),
                new JsonDocument(item.get(VALUE).s()),
                Version.of(Long.parseLong(item.get(VERSION).n())),
                Instant.ofEpochMilli(Long.parseLong(item.get(CREATED_AT).n())),
                Instant.ofEpochMilli(Long.parseLong(item.get(UPDATED_AT).n())),
                expiresAt == null ? null : Instant.ofEpochSecond(Long.parseLong(expiresAt.n()))));
    }
}
