package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.StateItem.CREATED_AT;
import static io.stateapi.dynamodb.StateItem.EXPIRED_AT;
import static io.stateapi.dynamodb.StateItem.EXPIRES_AT;
import static io.stateapi.dynamodb.StateItem.EXPIRY_BUCKET;
import static io.stateapi.dynamodb.StateItem.ITEM_FORMAT;
import static io.stateapi.dynamodb.StateItem.TOMBSTONE;
import static io.stateapi.dynamodb.StateItem.TOMBSTONE_BUCKET;
import static io.stateapi.dynamodb.StateItem.UPDATED_AT;
import static io.stateapi.dynamodb.StateItem.NUMBER_VALUE;
import static io.stateapi.dynamodb.StateItem.VALUE;
import static io.stateapi.dynamodb.StateItem.VERSION;
import static io.stateapi.dynamodb.StateItem.WRITE_TOKEN;

import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteToken;
import io.stateapi.logging.TraceHeader;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * One conditional update of a state item: what it sets, what must hold, and the values both
 * use. The mutations (overwrite a live value, create over nothing / a tombstone / an
 * expired value, delete, increment a live integer, change a live value's expiry) are written here once and sent either alone ({@code UpdateItem}) or
 * inside a transaction with an idempotency record; only the conditions differ.
 */
record ItemUpdate(String update, String condition, Map<String, AttributeValue> values) {

    /** The liveness rule of {@link StateItem#isLive} as a condition. */
    static final String LIVE = "attribute_exists(#v) AND attribute_not_exists(#tomb)"
            + " AND (attribute_not_exists(#exp) OR #exp > :nowSec)";
    static final String NOT_LIVE = "attribute_not_exists(#v) OR attribute_exists(#tomb) OR #exp <= :nowSec";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("#v", VERSION),
            Map.entry("#val", VALUE),
            Map.entry("#num", NUMBER_VALUE),
            Map.entry("#valz", StateItem.VALUE_Z),
            Map.entry("#ca", CREATED_AT),
            Map.entry("#ua", UPDATED_AT),
            Map.entry("#exp", EXPIRES_AT),
            Map.entry("#tomb", TOMBSTONE),
            Map.entry("#fmt", ITEM_FORMAT),
            Map.entry("#wt", WRITE_TOKEN),
            Map.entry("#bkt", EXPIRY_BUCKET),
            Map.entry("#expd", EXPIRED_AT),
            Map.entry("#tbkt", TOMBSTONE_BUCKET),
            Map.entry("#th", StateItem.TRACE_HEADER),
            Map.entry("#sv", StateItem.SCHEMA_VERSION));
    private static final Pattern PLACEHOLDER = Pattern.compile("#\\w+");

    ItemUpdate {
        values = Map.copyOf(values);
    }

    /**
     * The next version of a live value. A value with a TTL is in the sparse expiry index
     * ({@code expiryBucket}, ADR 0008); one without leaves it.
     */
    static ItemUpdate overwrite(ItemLayout layout, TenantNamespace namespace, Key key, JsonDocument value,
                                OptionalLong schemaVersion, TimeToLive ttl, WriteToken token, Instant now) {
        // if_not_exists(#ca): an item left without createdAt (written outside the API) becomes readable again.
        Map<String, AttributeValue> values = writeValues(layout, namespace, key, value, schemaVersion, ttl, token, now);
        String set = "SET #v = #v + :one, " + valueSet(values) + ", #ca = if_not_exists(#ca, :now), #ua = :now,"
                + " #fmt = :fmt, #wt = :token" + schemaSet(values)
                + (ttl != null ? ", #exp = :exp, #bkt = :bkt" : "")
                + " REMOVE " + otherValue(values) + schemaRemove(values) + (ttl != null ? "" : ", #exp, #bkt");
        return new ItemUpdate(set, LIVE, values);
    }

    /**
     * A new value where there is none: no item, a tombstone, or an expired value. A tombstoned
     * or expired item keeps counting from its last version ({@code if_not_exists}); a key with
     * no item starts above its namespace's version floor, which holds the versions of
     * tombstones the housekeeping purged (ADR 0019). It leaves the tombstone index.
     *
     * @param versionFloor the namespace's version floor (0 when nothing was ever purged)
     */
    static ItemUpdate create(ItemLayout layout, TenantNamespace namespace, Key key, JsonDocument value,
                             OptionalLong schemaVersion, TimeToLive ttl, WriteToken token, long versionFloor,
                             Instant now) {
        Map<String, AttributeValue> values = writeValues(layout, namespace, key, value, schemaVersion, ttl, token, now);
        values.put(":floor", number(versionFloor));
        String set = "SET #v = if_not_exists(#v, :floor) + :one, " + valueSet(values) + ", #ca = :now, #ua = :now,"
                + " #fmt = :fmt, #wt = :token" + schemaSet(values) + (ttl != null ? ", #exp = :exp, #bkt = :bkt" : "")
                + " REMOVE #tomb, #expd, #tbkt, " + otherValue(values) + schemaRemove(values)
                + (ttl != null ? "" : ", #exp, #bkt");
        return new ItemUpdate(set, NOT_LIVE, values);
    }

    /**
     * A live value deleted: the item stays as a tombstone, so its version carries on if the key is
     * re-created, and joins the tombstone index under the day of the delete (ADR 0019).
     */
    static ItemUpdate delete(TenantNamespace namespace, Key key, WriteToken token, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", number(1));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":now", number(now.toEpochMilli()));
        values.put(":nowSec", number(now.getEpochSecond()));
        values.put(":token", AttributeValue.fromS(token.value()));
        values.put(":tbkt", AttributeValue.fromS(StateItem.tombstoneBucket(namespace, key, now)));
        return new ItemUpdate("SET #v = #v + :one, #tomb = :true, #ua = :now, #wt = :token, #tbkt = :tbkt"
                + " REMOVE #val, #num, #valz, #ca, #exp, #bkt, #sv", LIVE, values);
    }

    /**
     * Adds {@code delta} to a live integer value ({@code numberValue}) in DynamoDB's own
     * arithmetic, with no read first (ADR 0034). The condition keeps the sum within the exact
     * range, so a refused increment writes nothing; the expiry stays as it is.
     */
    static ItemUpdate increment(long delta, WriteToken token, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", number(1));
        values.put(":delta", number(delta));
        values.put(":now", number(now.toEpochMilli()));
        values.put(":nowSec", number(now.getEpochSecond()));
        values.put(":token", AttributeValue.fromS(token.value()));
        // The bound is on the current value, so the sum itself is never computed out of range.
        values.put(":limit", number(delta >= 0 ? ExactInteger.MAX - delta : -ExactInteger.MAX - delta));
        // It keeps the item's format: numberValue is laid out alike in formats 1 and 2 (ADR 0068).
        return new ItemUpdate("SET #num = #num + :delta, #v = #v + :one, #ca = if_not_exists(#ca, :now), #ua = :now,"
                + " #wt = :token",
                LIVE + " AND attribute_exists(#num) AND #num " + (delta >= 0 ? "<=" : ">=") + " :limit", values);
    }

    /**
     * Sets ({@code ttl}) or clears ({@code null}) the expiry of a live value without touching the
     * value; it joins or leaves the sparse expiry index accordingly (ADR 0008).
     */
    static ItemUpdate expiry(TenantNamespace namespace, Key key, TimeToLive ttl, WriteToken token, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", number(1));
        values.put(":now", number(now.toEpochMilli()));
        values.put(":nowSec", number(now.getEpochSecond()));
        values.put(":token", AttributeValue.fromS(token.value()));
        if (ttl != null) {
            values.put(":exp", number(ttl.expiryAfter(now).getEpochSecond()));
            values.put(":bkt", AttributeValue.fromS(StateItem.expiryBucket(namespace, key, ttl.expiryAfter(now))));
        }
        // It keeps the item's format: the value stays as it is laid out (ADR 0062).
        return new ItemUpdate("SET #v = #v + :one, #ca = if_not_exists(#ca, :now), #ua = :now,"
                + " #wt = :token" + (ttl != null ? ", #exp = :exp, #bkt = :bkt" : " REMOVE #exp, #bkt"), LIVE, values);
    }

    /**
     * Writes nothing: a transaction's condition check that the key is live ({@link #atVersion}
     * narrows it to a version), sent with {@link #conditionCheck}.
     */
    static ItemUpdate live(Instant now) {
        return new ItemUpdate("", LIVE, Map.of(":nowSec", number(now.getEpochSecond())));
    }

    /** Writes nothing: a transaction's condition check that the key is absent, deleted or expired. */
    static ItemUpdate notLive(Instant now) {
        return new ItemUpdate("", NOT_LIVE, Map.of(":nowSec", number(now.getEpochSecond())));
    }

    /** Compare-and-set: also requires the key to be at {@code version}. */
    ItemUpdate atVersion(Version version) {
        return and("#v = :expected", Map.of(":expected", number(version.value())));
    }

    /**
     * The version the condition pins ({@link #atVersion}), if any: then at most one of the write's
     * attempts can apply, since a version never comes back, and sending it again is safe (ADR 0065).
     */
    OptionalLong pinnedVersion() {
        return values.containsKey(":expected") ? OptionalLong.of(Long.parseLong(values.get(":expected").n()))
                : OptionalLong.empty();
    }

    /**
     * Fails when the item already carries this write's token: a write sent again after its
     * answer was lost must not commit twice (it recognises itself in the failure instead).
     */
    ItemUpdate unlessAlreadyCommitted() {
        return and("attribute_not_exists(#wt) OR #wt <> :token", Map.of());
    }

    /**
     * Requires the item to be exactly as it was read ({@code seen}, empty when there was none):
     * a transactional write decided on that read, so any change in between must fail it.
     */
    ItemUpdate asSeen(Map<String, AttributeValue> seen) {
        if (seen == null || seen.isEmpty() || !seen.containsKey(VERSION)) {
            return and("attribute_not_exists(#v)", Map.of());
        }
        Map<String, AttributeValue> pinned = new HashMap<>();
        pinned.put(":seenVersion", seen.get(VERSION));
        String clause = "#v = :seenVersion";
        if (seen.containsKey(WRITE_TOKEN)) {
            pinned.put(":seenToken", seen.get(WRITE_TOKEN));
            clause += " AND #wt = :seenToken";
        } else {
            clause += " AND attribute_not_exists(#wt)";
        }
        return and(clause, pinned);
    }

    /** Sent alone: the new item on success, the current one on a failed condition. */
    UpdateItemRequest request(String tableName, Map<String, AttributeValue> key) {
        ItemUpdate traced = traced();
        return UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key)
                .updateExpression(traced.update)
                .conditionExpression(condition)
                .expressionAttributeNames(traced.names())
                .expressionAttributeValues(traced.values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** Sent inside a transaction: a failed condition's cancellation reason carries the current item. */
    Update transactionItem(String tableName, Map<String, AttributeValue> key) {
        ItemUpdate traced = traced();
        return Update.builder()
                .tableName(tableName)
                .key(key)
                .updateExpression(traced.update)
                .conditionExpression(condition)
                .expressionAttributeNames(traced.names())
                .expressionAttributeValues(traced.values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** Only the condition, inside a transaction (an update of {@link #live}/{@link #notLive} writes nothing). */
    ConditionCheck conditionCheck(String tableName, Map<String, AttributeValue> key) {
        if (!update.isEmpty()) {
            throw new IllegalStateException("a condition check carries no update: " + update);
        }
        return ConditionCheck.builder()
                .tableName(tableName)
                .key(key)
                .conditionExpression(condition)
                .expressionAttributeNames(names())
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /**
     * The write as sent: it keeps the trace header of the request that makes it, or removes the
     * one an earlier write left, so an item never names another write's trace (ADR 0050).
     */
    private ItemUpdate traced() {
        if (update.isEmpty()) {
            return this;
        }
        Optional<String> header = TraceHeader.current();
        int at = update.indexOf(" REMOVE ");
        String set = at < 0 ? update : update.substring(0, at);
        String remove = at < 0 ? "" : update.substring(at + " REMOVE ".length());
        Map<String, AttributeValue> merged = new HashMap<>(values);
        if (header.isPresent()) {
            set += ", #th = :trace";
            merged.put(":trace", AttributeValue.fromS(header.get()));
        } else {
            remove = remove.isEmpty() ? "#th" : remove + ", #th";
        }
        return new ItemUpdate(set + (remove.isEmpty() ? "" : " REMOVE " + remove), condition, merged);
    }

    private ItemUpdate and(String clause, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> merged = new HashMap<>(values);
        merged.putAll(more);
        return new ItemUpdate(update, "(" + condition + ") AND (" + clause + ")", merged);
    }

    private Map<String, String> names() {
        // DynamoDB rejects a request that declares a name its expressions do not use.
        Map<String, String> names = new HashMap<>();
        PLACEHOLDER.matcher(update + " " + condition).results().map(MatchResult::group)
                .forEach(placeholder -> names.put(placeholder, NAMES.get(placeholder)));
        return names;
    }

    private static Map<String, AttributeValue> writeValues(ItemLayout layout, TenantNamespace namespace, Key key,
                                                           JsonDocument value, OptionalLong schemaVersion,
                                                           TimeToLive ttl, WriteToken token, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        schemaVersion.ifPresent(version -> values.put(":sv", number(version)));
        values.put(":one", number(1));
        layout.putValue(values, value);
        values.put(":now", number(now.toEpochMilli()));
        values.put(":nowSec", number(now.getEpochSecond()));
        values.put(":token", AttributeValue.fromS(token.value()));
        if (ttl != null) {
            values.put(":exp", number(ttl.expiryAfter(now).getEpochSecond()));
            values.put(":bkt", AttributeValue.fromS(StateItem.expiryBucket(namespace, key, ttl.expiryAfter(now))));
        }
        return values;
    }

    /** Where a write puts its value: as its layout says ({@link ItemLayout}). */
    private static String valueSet(Map<String, AttributeValue> values) {
        return ItemLayout.valueSet(values);
    }

    /**
     * A value records the schema version it was checked against (ADR 0056); one written without a
     * schema removes what an earlier value recorded, in the same conditional write, so an item
     * never claims a version its value was not checked against.
     */
    private static String schemaSet(Map<String, AttributeValue> values) {
        return values.containsKey(":sv") ? ", #sv = :sv" : "";
    }

    private static String schemaRemove(Map<String, AttributeValue> values) {
        return values.containsKey(":sv") ? "" : ", #sv";
    }

    /** The value attributes a write does not use, removed so an item holds one value in one format. */
    private static String otherValue(Map<String, AttributeValue> values) {
        return ItemLayout.otherValues(values);
    }

    static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
