package io.stateapi.dynamodb;

import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.history.HistoryEntry;
import io.stateapi.domain.history.HistoryPosition;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.StateApiResources;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one change in the change log (ADR 0036).
 *
 * <pre>
 * pk          S     tenant#namespace#key   (partition key: the state item's pk and sk; a key's
 *                                           changes are one item collection)
 * seq         N     2 * version, or 2 * version + 1 for the expiry of that version (sort key)
 * version     N     the version the change committed (for an expiry: the version that expired)
 * change      S     created | updated | deleted | expired
 * committedAt N     epoch millis of the commit (the item's updatedAt; for an expiry, when it expired)
 * value       S     the value as the state item stored it (compact JSON), unless an exact integer
 * numberValue N     the value when it is an exact integer (ADR 0034); neither on a delete
 * schemaVersion N   the schema version the value was checked against when written, if any (ADR 0056)
 * changeId    S     the change event's id
 * tenantNs    S     tenant#namespace: the feed index's partition key (ADR 0037)
 * feedAt      N     epoch millis on the fan-out's clock just before the put: the feed index's sort
 *                   key; a retried record's put writes nothing, so the first feedAt stays (ADR 0037)
 * expiresAt   N     epoch seconds after which DynamoDB's TTL removes the item (retention)
 * </pre>
 *
 * <p>No tenant, namespace or key can be confused with another's: tenants and namespaces hold no
 * {@code #}, so the first two {@code #} of the partition key end them.
 */
final class ChangeLogItem {

    static final String PK = StateApiResources.ChangeLogTable.PARTITION_KEY;
    static final String SEQ = StateApiResources.ChangeLogTable.SORT_KEY;
    static final String VERSION = "version";
    static final String CHANGE = "change";
    static final String COMMITTED_AT = "committedAt";
    static final String VALUE = StateItem.VALUE;
    static final String NUMBER_VALUE = StateItem.NUMBER_VALUE;
    static final String SCHEMA_VERSION = StateItem.SCHEMA_VERSION;
    static final String CHANGE_ID = "changeId";
    static final String TENANT_NAMESPACE = StateApiResources.ChangeLogTable.FEED_PARTITION_KEY;
    static final String FEED_AT = StateApiResources.ChangeLogTable.FEED_SORT_KEY;
    static final String EXPIRES_AT = StateApiResources.ChangeLogTable.TTL_ATTRIBUTE;

    private ChangeLogItem() {
    }

    static String partitionKey(TenantNamespace namespace, Key key) {
        return StateItem.partitionKey(namespace) + "#" + key.value();
    }

    /** The sort key of a version's commit; its expiry follows it. */
    static long sequence(Version version, boolean expiry) {
        return Math.addExact(Math.multiplyExact(version.value(), 2L), expiry ? 1L : 0L);
    }

    static long sequence(HistoryEntry entry) {
        return sequence(entry.position());
    }

    static long sequence(HistoryPosition position) {
        return sequence(position.version(), position.expiry());
    }

    static Map<String, AttributeValue> key(TenantNamespace namespace, Key key, long sequence) {
        return Map.of(PK, AttributeValue.fromS(partitionKey(namespace, key)), SEQ, number(sequence));
    }

    static Map<String, AttributeValue> item(TenantNamespace namespace, Key key, HistoryEntry entry, String changeId,
                                            Instant feedAt, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(namespace, key, sequence(entry)));
        item.put(VERSION, number(entry.version().value()));
        item.put(CHANGE, AttributeValue.fromS(entry.change().label()));
        item.put(COMMITTED_AT, number(entry.committedAt().toEpochMilli()));
        entry.value().ifPresent(value -> {
            // Stored as the state item stores it, so a restore writes back exactly what was there.
            OptionalLong integer = ExactInteger.of(value);
            if (integer.isPresent()) {
                item.put(NUMBER_VALUE, number(integer.getAsLong()));
            } else {
                item.put(VALUE, AttributeValue.fromS(value.json()));
            }
        });
        entry.schemaVersion().ifPresent(version -> item.put(SCHEMA_VERSION, number(version)));
        item.put(CHANGE_ID, AttributeValue.fromS(changeId));
        item.put(TENANT_NAMESPACE, AttributeValue.fromS(StateItem.partitionKey(namespace)));
        item.put(FEED_AT, number(feedAt.toEpochMilli()));
        item.put(EXPIRES_AT, number(expiresAt.getEpochSecond()));
        return item;
    }

    /**
     * The change an item records.
     *
     * @throws UnreadableStateException when the item does not follow the layout
     */
    static HistoryEntry toEntry(Map<String, AttributeValue> item) {
        try {
            HistoryEntry.Change change = HistoryEntry.Change.valueOf(
                    StateItem.string(item, CHANGE).toUpperCase(Locale.ROOT));
            return new HistoryEntry(Version.of(StateItem.number(item, VERSION)), change,
                    Instant.ofEpochMilli(StateItem.number(item, COMMITTED_AT)),
                    change == HistoryEntry.Change.DELETED ? java.util.Optional.empty() : StateItem.value(item),
                    StateItem.optionalNumber(item, SCHEMA_VERSION).map(OptionalLong::of).orElse(OptionalLong.empty()));
        } catch (UnreadableStateException e) {
            throw e;
        } catch (StateApiException | DateTimeException | IllegalArgumentException e) {
            throw new UnreadableStateException("?", String.valueOf(item.get(PK)), "change log item: " + e.getMessage());
        }
    }

    /** The key of a change log item: what follows its namespace's {@code tenant#namespace#} in the partition key. */
    static Key keyOf(TenantNamespace namespace, Map<String, AttributeValue> item) {
        String pk = StateItem.string(item, PK);
        String prefix = StateItem.partitionKey(namespace) + "#";
        if (!pk.startsWith(prefix)) {
            throw new UnreadableStateException("?", pk, "change log item outside its namespace's feed");
        }
        return Key.of(pk.substring(prefix.length()));
    }

    static long feedAt(Map<String, AttributeValue> item) {
        return StateItem.number(item, FEED_AT);
    }

    static long sequence(Map<String, AttributeValue> item) {
        return StateItem.number(item, SEQ);
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
