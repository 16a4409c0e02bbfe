package io.stateapi.dynamodb;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteToken;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * expiresAt   N     epoch seconds the value expires at (absent: no expiry); a logical expiry,
 *                   read by the liveness rule, never by DynamoDB's TTL (ADR 0008)
 * expiryBucket S    "yyyy-MM-ddTHH#shard" of expiresAt (UTC hour); present exactly when
 *                   expiresAt is on a value, so the sparse expiry index holds what can expire
 * tombstone   BOOL  true when the value was deleted, or swept after it expired
 * expiredAt   N     on a tombstone the expiry sweeper wrote: the expiresAt that passed
 * itemFormat  N     layout version of this item, for lazy migrations
 * writeToken  S     identity of the write that made this version (ADR 0007); a write sent
 *                   again after a lost answer finds it here and knows it committed
 * </pre>
 *
 * <p>No state item carries the attribute DynamoDB's TTL reads, and the table has TTL off:
 * nothing deletes an item, so a key's version never restarts. The only other item in the
 * table is the expiry sweeper's checkpoint, under a partition key no namespace can have
 * ({@link DynamoDbExpirySweeper}).
 */
public final class StateItem {

    public static final String PK = StateApiResources.Table.PARTITION_KEY;
    public static final String SK = StateApiResources.Table.SORT_KEY;
    public static final String VERSION = "version";
    public static final String VALUE = "value";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String EXPIRES_AT = StateApiResources.Table.EXPIRY_INDEX_SORT_KEY;
    public static final String EXPIRY_BUCKET = StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY;
    public static final String TOMBSTONE = "tombstone";
    public static final String EXPIRED_AT = "expiredAt";
    public static final String ITEM_FORMAT = "itemFormat";
    public static final String WRITE_TOKEN = "writeToken";

    /** Layout written by this code. */
    public static final int CURRENT_FORMAT = 1;

    /**
     * Shards of one hour's expiry bucket. Values expiring in the same hour spread over this many
     * index partitions (each takes about 1,000 writes a second), and the sweeper queries this
     * many partitions per hour. Changing it moves where new writes land; the sweeper must then
     * query the old count too until every value written before the change has expired.
     */
    public static final int EXPIRY_BUCKET_SHARDS = 16;

    private static final DateTimeFormatter BUCKET_HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private StateItem() {
    }

    public static Map<String, AttributeValue> key(Namespace namespace, Key key) {
        return Map.of(PK, AttributeValue.fromS(namespace.value()), SK, AttributeValue.fromS(key.value()));
    }

    /**
     * The expiry bucket a value of this key that expires at {@code expiresAt} belongs to: the
     * value every write with a TTL sets in {@link #EXPIRY_BUCKET} (and every other write removes).
     * The shard is a hash of the key, so a retried write lands in the same bucket.
     */
    public static String expiryBucket(Namespace namespace, Key key, Instant expiresAt) {
        int shard = Math.floorMod((namespace.value() + "\u0000" + key.value()).hashCode(), EXPIRY_BUCKET_SHARDS);
        return expiryBucket(expiresAt, shard);
    }

    /** One shard of the bucket of values expiring in the UTC hour that holds {@code hour}. */
    public static String expiryBucket(Instant hour, int shard) {
        if (shard < 0 || shard >= EXPIRY_BUCKET_SHARDS) {
            throw new IllegalArgumentException("shard must be 0.." + (EXPIRY_BUCKET_SHARDS - 1) + ": " + shard);
        }
        return BUCKET_HOUR.format(hour) + "#" + shard;
    }

    /** Whether the item is a tombstone the expiry sweeper wrote, at the version that expired. */
    public static boolean isExpiryTombstone(Map<String, AttributeValue> item) {
        return isTombstone(item) && item.containsKey(EXPIRED_AT);
    }

    static boolean isTombstone(Map<String, AttributeValue> item) {
        AttributeValue tombstone = item.get(TOMBSTONE);
        return tombstone != null && Boolean.TRUE.equals(tombstone.bool());
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
     * Whether the item holds a value at {@code now}. Expired items count as absent from the
     * second they expire, before the expiry sweeper turns them into tombstones; the conditions
     * in {@link DynamoDbStateStore} and {@link DynamoDbExpirySweeper} use the same rule.
     */
    public static boolean isLive(Map<String, AttributeValue> item, Instant now) {
        if (item == null || item.isEmpty() || !item.containsKey(VERSION)) {
            return false;
        }
        if (isTombstone(item)) {
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
