package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.StateItem.CREATED_AT;
import static io.stateapi.dynamodb.StateItem.EXPIRES_AT;
import static io.stateapi.dynamodb.StateItem.ITEM_FORMAT;
import static io.stateapi.dynamodb.StateItem.TOMBSTONE;
import static io.stateapi.dynamodb.StateItem.UPDATED_AT;
import static io.stateapi.dynamodb.StateItem.VALUE;
import static io.stateapi.dynamodb.StateItem.VERSION;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.exceptions.VersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The only code that speaks DynamoDB. Every mutation is one conditional {@code UpdateItem}
 * whose condition encodes the precondition and the liveness rule of {@link StateItem}; a
 * failed condition returns the current item ({@code ALL_OLD}), so a conflict reports the
 * current version without a second read.
 */
public final class DynamoDbStateStore implements StateStore {

    /** Rounds a last-write-wins upsert may take when a concurrent create or delete races it. */
    private static final int MAX_UPSERT_ROUNDS = 8;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final Map<String, String> NAMES = Map.of(
            "#v", VERSION, "#val", VALUE, "#ca", CREATED_AT, "#ua", UPDATED_AT,
            "#exp", EXPIRES_AT, "#tomb", TOMBSTONE, "#fmt", ITEM_FORMAT);

    private static final Pattern PLACEHOLDER = Pattern.compile("#\\w+");

    private static final String LIVE =
            "attribute_exists(#v) AND attribute_not_exists(#tomb)"
                    + " AND (attribute_not_exists(#exp) OR #exp > :nowSec)";
    private static final String NOT_LIVE =
            "attribute_not_exists(#v) OR attribute_exists(#tomb) OR #exp <= :nowSec";

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbStateStore(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<StateRecord> get(Namespace namespace, Key key, ReadConsistency consistency, Instant now) {
        Map<String, AttributeValue> item = call(() -> client.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(StateItem.key(namespace, key))
                .consistentRead(consistency == ReadConsistency.STRONG)
                .build()).item());
        return StateItem.toRecord(item, now);
    }

    @Override
    public WriteResult put(Namespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                           Precondition precondition, Instant now) {
        return switch (precondition) {
            case Precondition.IfVersion ifVersion -> update(namespace, key, value, ttl, ifVersion.version(), now)
                    .orElseThrow(failure -> conflict(failure, now, "key is not at version " + ifVersion.version()));
            case Precondition.IfPresent ignored -> update(namespace, key, value, ttl, null, now)
                    .orElseThrow(failure -> conflict(failure, now, "key does not exist"));
            case Precondition.IfAbsent ignored -> create(namespace, key, value, ttl, now)
                    .orElseThrow(failure -> conflict(failure, now, "key already exists"));
            case Precondition.None ignored -> upsert(namespace, key, value, ttl, now);
            case Precondition.Contradictory ignored ->
                    throw new IllegalArgumentException("a contradictory precondition never reaches the store");
        };
    }

    @Override
    public Version delete(Namespace namespace, Key key, Precondition precondition, Instant now) {
        Version expected = precondition instanceof Precondition.IfVersion v ? v.version() : null;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", number(1));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":now", number(now.toEpochMilli()));
        values.put(":nowSec", number(now.getEpochSecond()));
        String condition = LIVE;
        if (expected != null) {
            condition += " AND #v = :expected";
            values.put(":expected", number(expected.value()));
        }
        // The item stays as a tombstone: its version carries on if the key is re-created.
        String update = "SET #v = #v + :one, #tomb = :true, #ua = :now REMOVE #val, #ca, #exp";
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(StateItem.key(namespace, key))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(names(usedNames(update + " " + condition)))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        Outcome outcome = conditionalUpdate(request);
        if (outcome.committed()) {
            return StateItem.version(outcome.item()).orElseThrow();
        }
        if (!StateItem.isLive(outcome.item(), now)) {
            throw new KeyNotFoundException(namespace, key);
        }
        throw conflict(outcome.item(), now, "key is not at version " + expected);
    }

    /**
     * Puts back a tombstone at {@code version} for a key whose item DynamoDB removed outside
     * the API (the TTL sweeper), unless the key has an item again. Without it the version
     * counter would restart at 1 and a stale {@code If-Match} could succeed again (ADR 0003).
     * The tombstone's own stream record yields no change event.
     *
     * @return whether the tombstone was written; {@code false} when an item exists already
     */
    public boolean restoreTombstone(Namespace namespace, Key key, Version version, Instant removedAt) {
        Map<String, AttributeValue> item = new HashMap<>(StateItem.key(namespace, key));
        item.put(VERSION, number(version.value()));
        item.put(TOMBSTONE, AttributeValue.fromBool(true));
        item.put(UPDATED_AT, number(removedAt.toEpochMilli()));
        item.put(ITEM_FORMAT, number(StateItem.CURRENT_FORMAT));
        PutItemRequest request = PutItemRequest.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", StateItem.PK))
                .build();
        return call(() -> {
            try {
                client.putItem(request);
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    /** Last-write-wins: update if live, otherwise create; repeat if another writer races in between. */
    private WriteResult upsert(Namespace namespace, Key key, JsonDocument value, TimeToLive ttl, Instant now) {
        for (int round = 0; round < MAX_UPSERT_ROUNDS; round++) {
            Optional<WriteResult> updated = update(namespace, key, value, ttl, null, now).result();
            if (updated.isPresent()) {
                return updated.get();
            }
            Optional<WriteResult> created = create(namespace, key, value, ttl, now).result();
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new StoreUnavailableException(
                "too much contention on key '" + key.value() + "'; retry", RETRY_AFTER, null);
    }

    private Attempt update(Namespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                           Version expected, Instant now) {
        Map<String, AttributeValue> values = writeValues(value, ttl, now);
        String condition = LIVE;
        if (expected != null) {
            condition += " AND #v = :expected";
            values.put(":expected", number(expected.value()));
        }
        // if_not_exists(#ca): an item left without createdAt (written outside the API) becomes readable again.
        String set = "SET #v = #v + :one, #val = :val, #ca = if_not_exists(#ca, :now), #ua = :now, #fmt = :fmt"
                + (ttl != null ? ", #exp = :exp" : " REMOVE #exp");
        return attempt(namespace, key, set, condition, values, false, now);
    }

    private Attempt create(Namespace namespace, Key key, JsonDocument value, TimeToLive ttl, Instant now) {
        Map<String, AttributeValue> values = writeValues(value, ttl, now);
        values.put(":zero", number(0));
        // if_not_exists: a tombstoned or expired item keeps counting from its last version.
        String set = "SET #v = if_not_exists(#v, :zero) + :one, #val = :val, #ca = :now, #ua = :now, #fmt = :fmt"
                + (ttl != null ? ", #exp = :exp" : "")
                + " REMOVE #tomb" + (ttl != null ? "" : ", #exp");
        return attempt(namespace, key, set, NOT_LIVE, values, true, now);
    }

    private Attempt attempt(Namespace namespace, Key key, String updateExpression, String condition,
                            Map<String, AttributeValue> values, boolean creates, Instant now) {
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(StateItem.key(namespace, key))
                .updateExpression(updateExpression)
                .conditionExpression(condition)
                .expressionAttributeNames(names(usedNames(updateExpression + " " + condition)))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        Outcome outcome = conditionalUpdate(request);
        if (!outcome.committed()) {
            return new Attempt(null, outcome.item());
        }
        StateRecord record;
        try {
            record = StateItem.toRecord(outcome.item(), now).orElseThrow(() ->
                    new IllegalStateException("committed item is not live: " + namespace.value() + "/" + key.value()));
        } catch (UnreadableStateException e) {
            // The write replaced the value but left another attribute written outside the API as it was.
            throw new UnreadableStateException(namespace.value(), key.value(), "the write was committed as version "
                    + outcome.item().get(VERSION).n() + ", but the item still does not follow the layout: " + e.reason());
        }
        return new Attempt(new WriteResult(record, creates), null);
    }

    private Outcome conditionalUpdate(UpdateItemRequest request) {
        return call(() -> {
            try {
                return new Outcome(true, client.updateItem(request).attributes());
            } catch (ConditionalCheckFailedException e) {
                return new Outcome(false, e.hasItem() ? e.item() : Map.of());
            } catch (DynamoDbException e) {
                throw unreadableItemOr(request, e);
            }
        });
    }

    /**
     * DynamoDB refuses an update whose expression meets an attribute of the wrong type (a
     * version written as a string outside the API): nothing was written. When the item is what
     * is wrong, say so; otherwise the refusal stands.
     */
    private RuntimeException unreadableItemOr(UpdateItemRequest request, DynamoDbException refusal) {
        if (refusal.isThrottlingException() || refusal.statusCode() >= 500) {
            return refusal;
        }
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName).key(request.key())
                .consistentRead(true)).item();
        try {
            StateItem.toRecord(item, Instant.EPOCH);
        } catch (UnreadableStateException e) {
            return e;
        }
        return refusal;
    }

    private static Map<String, AttributeValue> writeValues(JsonDocument value, TimeToLive ttl, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", number(1));
        values.put(":val", AttributeValue.fromS(value.json()));
        values.put(":now", number(now.toEpochMilli()));
        values.put(":nowSec", number(now.getEpochSecond()));
        values.put(":fmt", number(StateItem.CURRENT_FORMAT));
        if (ttl != null) {
            values.put(":exp", number(ttl.expiryAfter(now).getEpochSecond()));
        }
        return values;
    }

    private static VersionConflictException conflict(Map<String, AttributeValue> current, Instant now, String reason) {
        Version currentVersion = StateItem.isLive(current, now) ? StateItem.version(current).orElse(null) : null;
        return new VersionConflictException(reason, currentVersion);
    }

    private static String[] usedNames(String expression) {
        // DynamoDB rejects a request that declares a name its expressions do not use.
        return PLACEHOLDER.matcher(expression).results().map(MatchResult::group).distinct().toArray(String[]::new);
    }

    private static Map<String, String> names(String... placeholders) {
        Map<String, String> names = new HashMap<>();
        for (String placeholder : placeholders) {
            names.put(placeholder, NAMES.get(placeholder));
        }
        return names;
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    /**
     * Runs one DynamoDB call. The SDK has already retried throttling and transient errors
     * by the time an exception arrives here; what is left means "try again later".
     */
    private static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException("the store is throttling or unavailable; retry", RETRY_AFTER, e);
            }
            throw e;
        } catch (SdkClientException e) {
            // Timeouts (ApiCallTimeoutException, ApiCallAttemptTimeoutException) and I/O failures.
            throw new StoreUnavailableException("the store did not answer in time; retry", RETRY_AFTER, e);
        }
    }

    /** What one conditional update did: committed (item = new image) or not (item = current image). */
    private record Outcome(boolean committed, Map<String, AttributeValue> item) {
    }

    /** A write attempt: a result when committed, otherwise the item that failed the condition. */
    private record Attempt(WriteResult written, Map<String, AttributeValue> failure) {

        Optional<WriteResult> result() {
            return Optional.ofNullable(written);
        }

        WriteResult orElseThrow(java.util.function.Function<Map<String, AttributeValue>, RuntimeException> onFailure) {
            if (written != null) {
                return written;
            }
            throw onFailure.apply(failure);
        }
    }
}
