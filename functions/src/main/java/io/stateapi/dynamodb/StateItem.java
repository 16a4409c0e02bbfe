package io.stateapi.dynamodb;

import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.resources.StateApiResources;
import java.time.DateTimeException;
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
 * pk          S     tenant#namespace                (partition key; ADR 0013)
 * sk          S     key                             (sort key)
 * version     N     last committed version; kept on delete so versions are never reused
 * value       S     compact JSON text of the value, unless it is an exact integer (absent on a
 *                   tombstone)
 * numberValue N     the value when it is an integer in canonical form within +-(2^53-1)
 *                   ({@link ExactInteger}, ADR 0034), so an increment is arithmetic in one
 *                   UpdateItem; a live item holds exactly one of value, numberValue and valueZ
 * valueZ      B     format 2 only (ADR 0068): the gzip-compressed compact JSON of a value of at
 *                   least {@link CompressedValues#THRESHOLD_BYTES} bytes, instead of value
 * createdAt   N     epoch millis the current incarnation was created
 * updatedAt   N     epoch millis of the last committed change
 * expiresAt   N     epoch seconds the value expires at (absent: no expiry); a logical expiry,
 *                   read by the liveness rule, never by DynamoDB's TTL (ADR 0008)
 * expiryBucket S    "yyyy-MM-ddTHH#shard" of expiresAt (UTC hour); present exactly when
 *                   expiresAt is on a value, so the sparse expiry index holds what can expire
 * tombstone   BOOL  true when the value was deleted, or swept after it expired
 * tombstoneBucket S "yyyy-MM-dd#shard" of the UTC day the item became a tombstone; present
 *                   exactly on tombstones, so the sparse tombstone index holds what the
 *                   tombstone purge may one day forget (ADR 0019)
 * expiredAt   N     on a tombstone the expiry sweeper wrote: the expiresAt that passed
 * itemFormat  N     layout version of this item (ADR 0062): 1 or 2 ({@link ItemLayout}); absent is 1
 * writeToken  S     identity of the write that made this version (ADR 0007); a write sent
 *                   again after a lost answer finds it here and knows it committed
 * traceHeader S     X-Ray trace header of the request that made this version, when it had
 *                   one (ADR 0050); the fan-out carries it on to the change's messages
 * schemaVersion N   schema version the value was checked against, if any (ADR 0056)
 * </pre>
 *
 * <p>No state item carries the attribute DynamoDB's TTL reads, and the table has TTL off:
 * only the housekeeping purges delete items (ADR 0019), each after keeping the key's version
 * in its namespace's floor, so a key's version never restarts. They first strip the item to
 * its keys: an item without a {@code version} is no state item, and its changes and removal
 * are no change (the fan-out neither publishes events for it nor puts a tombstone back). The
 * only other items in the table are the housekeeping checkpoints, under partition keys no
 * namespace can have ({@link DynamoDbExpirySweeper}, {@link DynamoDbTombstonePurger}).
 */
public final class StateItem {

    public static final String PK = StateApiResources.Table.PARTITION_KEY;
    public static final String SK = StateApiResources.Table.SORT_KEY;
    public static final String VERSION = "version";
    public static final String VALUE = "value";
    public static final String NUMBER_VALUE = "numberValue";
    public static final String VALUE_Z = "valueZ";
    public static final String CREATED_AT = "createdAt";
    public static final String UPDATED_AT = "updatedAt";
    public static final String EXPIRES_AT = StateApiResources.Table.EXPIRY_INDEX_SORT_KEY;
    public static final String EXPIRY_BUCKET = StateApiResources.Table.EXPIRY_INDEX_PARTITION_KEY;
    public static final String TOMBSTONE = "tombstone";
    public static final String EXPIRED_AT = "expiredAt";
    public static final String ITEM_FORMAT = "itemFormat";
    public static final String WRITE_TOKEN = "writeToken";
    public static final String TRACE_HEADER = "traceHeader";
    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String TOMBSTONE_BUCKET = StateApiResources.Table.TOMBSTONE_INDEX_PARTITION_KEY;

    /** Layout written when the deployment does not name one ({@code STATE_ITEM_WRITE_FORMAT}, {@link ItemLayout}). */
    public static final int CURRENT_FORMAT = StateApiResources.DEFAULT_ITEM_WRITE_FORMAT;

    /**
     * Shards of one hour's expiry bucket. Values expiring in the same hour spread over this many
     * index partitions (each takes about 1,000 writes a second), and the sweeper queries this
     * many partitions per hour. Changing it moves where new writes land; the sweeper must then
     * query the old count too until every value written before the change has expired.
     */
    public static final int EXPIRY_BUCKET_SHARDS = 16;

    /** Shards of one day's tombstone bucket, for the same reason as {@link #EXPIRY_BUCKET_SHARDS}. */
    public static final int TOMBSTONE_BUCKET_SHARDS = 16;

    private static final DateTimeFormatter BUCKET_HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter BUCKET_DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private StateItem() {
    }

    public static Map<String, AttributeValue> key(TenantNamespace namespace, Key key) {
        return Map.of(PK, AttributeValue.fromS(partitionKey(namespace)), SK, AttributeValue.fromS(key.value()));
    }

    /**
     * {@code tenant#namespace}: a tenant's namespaces are its own item collections, and no name a
     * caller can send (namespaces cannot contain {@code #}) addresses another tenant's (ADR 0013).
     * The idempotency table partitions its records the same way.
     */
    public static String partitionKey(TenantNamespace namespace) {
        return namespace.tenant().value() + "#" + namespace.namespace().value();
    }

    /** The namespace a partition key names; fails (as unreadable) on one that does not follow the layout. */
    static TenantNamespace namespace(String partitionKey) {
        int separator = partitionKey.indexOf('#');
        if (separator < 0) {
            throw new io.stateapi.domain.exceptions.InvalidNamespaceException(
                    "partition key '" + partitionKey + "' names no tenant");
        }
        return TenantNamespace.of(partitionKey.substring(0, separator), partitionKey.substring(separator + 1));
    }

    /**
     * The expiry bucket a value of this key that expires at {@code expiresAt} belongs to: the
     * value every write with a TTL sets in {@link #EXPIRY_BUCKET} (and every other write removes).
     * The shard is a hash of the key, so a retried write lands in the same bucket.
     */
    public static String expiryBucket(TenantNamespace namespace, Key key, Instant expiresAt) {
        int shard = Math.floorMod((partitionKey(namespace) + "\u0000" + key.value()).hashCode(), EXPIRY_BUCKET_SHARDS);
        return expiryBucket(expiresAt, shard);
    }

    /** One shard of the bucket of values expiring in the UTC hour that holds {@code hour}. */
    public static String expiryBucket(Instant hour, int shard) {
        if (shard < 0 || shard >= EXPIRY_BUCKET_SHARDS) {
            throw new IllegalArgumentException("shard must be 0.." + (EXPIRY_BUCKET_SHARDS - 1) + ": " + shard);
        }
        return BUCKET_HOUR.format(hour) + "#" + shard;
    }

    /**
     * The tombstone bucket of this key when it becomes a tombstone at {@code at}: what every
     * delete, expiry sweep and put-back sets in {@link #TOMBSTONE_BUCKET} (and every create removes).
     */
    public static String tombstoneBucket(TenantNamespace namespace, Key key, Instant at) {
        int shard = Math.floorMod((partitionKey(namespace) + "\u0000" + key.value()).hashCode(), TOMBSTONE_BUCKET_SHARDS);
        return tombstoneBucket(at, shard);
    }

    /** One shard of the bucket of tombstones written on the UTC day that holds {@code day}. */
    public static String tombstoneBucket(Instant day, int shard) {
        if (shard < 0 || shard >= TOMBSTONE_BUCKET_SHARDS) {
            throw new IllegalArgumentException("shard must be 0.." + (TOMBSTONE_BUCKET_SHARDS - 1) + ": " + shard);
        }
        return BUCKET_DAY.format(day) + "#" + shard;
    }

    /** Whether the item is a tombstone the expiry sweeper wrote, at the version that expired. */
    public static boolean isExpiryTombstone(Map<String, AttributeValue> item) {
        return isTombstone(item) && item.containsKey(EXPIRED_AT);
    }

    /**
     * The version an item is at, live or not; empty when there is no item.
     *
     * @throws UnreadableStateException when the item's version is not a positive integer
     */
    public static Optional<Version> version(Map<String, AttributeValue> item) {
        if (item == null || !item.containsKey(VERSION)) {
            return Optional.empty();
        }
        long version = number(item, VERSION);
        if (version < 1) {
            throw unreadable(item, "attribute '" + VERSION + "' is " + version + ", not a positive version");
        }
        return Optional.of(Version.of(version));
    }

    /** Whether the item's current version was committed by the write with {@code token}. */
    public static boolean committedBy(Map<String, AttributeValue> item, WriteToken token) {
        return item != null && item.containsKey(WRITE_TOKEN) && token.value().equals(string(item, WRITE_TOKEN));
    }

    /**
     * Whether the item holds a value at {@code now}. Expired items count as absent from the
     * second they expire, before the expiry sweeper turns them into tombstones; the conditions
     * in {@link DynamoDbStateStore} and {@link DynamoDbExpirySweeper} use the same rule.
     *
     * @throws UnreadableStateException when an attribute the rule reads has the wrong type
     */
    public static boolean isLive(Map<String, AttributeValue> item, Instant now) {
        if (item == null || item.isEmpty() || version(item).isEmpty()) {
            return false;
        }
        if (isTombstone(item)) {
            return false;
        }
        return !item.containsKey(EXPIRES_AT) || number(item, EXPIRES_AT) > now.getEpochSecond();
    }

    /** Whether the item is a tombstone: its last change was a delete. */
    static boolean isTombstone(Map<String, AttributeValue> item) {
        return item.containsKey(TOMBSTONE) && attribute(item, TOMBSTONE, AttributeValue.Type.BOOL).bool();
    }

    /**
     * The record a write committed, read from an item that has lost its value since (the
     * expiry sweeper made it a tombstone): the value is the one the write sent.
     *
     * @throws UnreadableStateException when the item does not follow the layout
     */
    static StateRecord committedRecord(Map<String, AttributeValue> item, JsonDocument value) {
        try {
            Instant updatedAt = Instant.ofEpochMilli(number(item, UPDATED_AT));
            return new StateRecord(namespace(string(item, PK)), Key.of(string(item, SK)), value,
                    version(item).orElseThrow(),
                    item.containsKey(CREATED_AT) ? Instant.ofEpochMilli(number(item, CREATED_AT)) : updatedAt,
                    updatedAt,
                    item.containsKey(EXPIRES_AT) ? Instant.ofEpochSecond(number(item, EXPIRES_AT)) : null, schemaVersion(item));
        } catch (StateApiException | DateTimeException e) {
            throw e instanceof UnreadableStateException u ? u : unreadable(item, e.getMessage());
        }
    }

    /**
     * The live record an item holds at {@code now}, or empty.
     *
     * @throws UnreadableStateException when the item does not follow the layout (ADR 0023)
     */
    public static Optional<StateRecord> toRecord(Map<String, AttributeValue> item, Instant now) {
        if (!isLive(item, now)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StateRecord(namespace(string(item, PK)), Key.of(string(item, SK)),
                    value(item).orElseThrow(() -> unreadable(item, "a live item holds no value")),
                    version(item).orElseThrow(),
                    Instant.ofEpochMilli(number(item, CREATED_AT)), Instant.ofEpochMilli(number(item, UPDATED_AT)),
                    item.containsKey(EXPIRES_AT) ? Instant.ofEpochSecond(number(item, EXPIRES_AT)) : null,
                    schemaVersion(item)));
        } catch (StateApiException | DateTimeException e) {
            // A value, key or namespace the API would have refused, or a time out of range.
            throw e instanceof UnreadableStateException u ? u : unreadable(item, e.getMessage());
        }
    }

    /**
     * The value an item holds, from whichever attribute holds it ({@link #VALUE}, {@link #NUMBER_VALUE}
     * or, at format 2, {@link #VALUE_Z}); empty on a tombstone.
     *
     * @throws UnreadableStateException when the number is no integer in range, or the format is not read ({@link ItemFormats})
     */
    public static Optional<JsonDocument> value(Map<String, AttributeValue> item) {
        ItemFormats.requireReadable(item);
        if (item.containsKey(NUMBER_VALUE)) {
            String text = attribute(item, NUMBER_VALUE, AttributeValue.Type.N).n();
            try {
                // DynamoDB answers a number in its own notation: read it, write it canonical.
                long n = new java.math.BigDecimal(text).longValueExact();
                if (ExactInteger.inRange(n)) {
                    return Optional.of(ExactInteger.document(n));
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
            throw unreadable(item, "attribute '" + NUMBER_VALUE + "' holds " + text
                    + ", not an integer within +-" + ExactInteger.MAX);
        }
        if (item.containsKey(VALUE_Z)) {
            return Optional.of(CompressedValues.read(item));
        }
        return item.containsKey(VALUE) ? Optional.of(new JsonDocument(string(item, VALUE))) : Optional.empty();
    }

    /** Whether a live item's value is an integer an increment can add to. */
    static boolean holdsNumber(Map<String, AttributeValue> item) {
        return item.containsKey(NUMBER_VALUE);
    }

    /**
     * The listing entry an item holds at {@code now}, or empty when it holds no live value; with
     * {@code withValue} false the item may lack its value (a listing's projection leaves it out).
     *
     * @throws UnreadableStateException when the item does not follow the layout (ADR 0023)
     */
    public static Optional<ListedKey> toListedKey(Map<String, AttributeValue> item, Instant now, boolean withValue) {
        if (!isLive(item, now)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ListedKey(Key.of(string(item, SK)), version(item).orElseThrow(),
                    Instant.ofEpochMilli(number(item, CREATED_AT)), Instant.ofEpochMilli(number(item, UPDATED_AT)),
                    optionalNumber(item, EXPIRES_AT).map(Instant::ofEpochSecond),
                    withValue ? Optional.of(value(item).orElseThrow(() -> unreadable(item, "a live item holds no value"))) : Optional.empty(),
                    schemaVersion(item)));
        } catch (StateApiException | DateTimeException e) {
            throw e instanceof UnreadableStateException u ? u : unreadable(item, e.getMessage());
        }
    }

    /** The text of a required string attribute. */
    static String string(Map<String, AttributeValue> item, String name) {
        return attribute(item, name, AttributeValue.Type.S).s();
    }

    /** A required number attribute that holds an integer, as the layout writes every number. */
    static long number(Map<String, AttributeValue> item, String name) {
        String text = attribute(item, name, AttributeValue.Type.N).n();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw unreadable(item, "attribute '" + name + "' holds " + text + ", not an integer");
        }
    }

    /** The schema version a value was checked against when written (ADR 0056); empty: none. */
    static java.util.OptionalLong schemaVersion(Map<String, AttributeValue> item) {
        return optionalNumber(item, SCHEMA_VERSION).map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
    }

    /** An optional number attribute that holds an integer when present. */
    static Optional<Long> optionalNumber(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Optional.of(number(item, name)) : Optional.empty();
    }

    private static AttributeValue attribute(Map<String, AttributeValue> item, String name, AttributeValue.Type type) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw unreadable(item, "attribute '" + name + "' is missing");
        }
        if (value.type() != type) {
            throw unreadable(item, "attribute '" + name + "' is of type " + value.type() + ", not " + type);
        }
        return value;
    }

    /** The failure for an item that breaks the layout, naming the key as stored. */
    static UnreadableStateException unreadable(Map<String, AttributeValue> item, String reason) {
        return new UnreadableStateException(namespaceName(text(item.get(PK))), text(item.get(SK)), reason);
    }

    /** The tenant's own name of the namespace a partition key names: what a problem may show its caller. */
    private static String namespaceName(String partitionKey) {
        return partitionKey.substring(partitionKey.indexOf('#') + 1);
    }

    private static String text(AttributeValue value) {
        return value != null && value.type() == AttributeValue.Type.S ? value.s() : "?";
    }
}
