package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.metrics.StoreMetrics;
import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity.IdempotentRequest;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.domain.exceptions.IdempotencyKeyReusedException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.VersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Writes sent with an {@code Idempotency-Key} (ADR 0007): the outcome is stored in the
 * idempotency table in the same {@code TransactWriteItems} as the state change, so either
 * both happen or neither does, and a repeat finds the outcome and replays it.
 *
 * <p>A transaction cannot return the new item, so the write reads first (state item and
 * record in one consistent {@code BatchGetItem}), decides on that read, and commits only if
 * the item is still exactly as read; when it moved, the round starts again. The condition, not
 * the read, still decides every conflict.
 */
final class IdempotentWrites {

    /** Rounds a write may take while other writers move the item between its read and its commit. */
    private static final int MAX_ROUNDS = 8;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private final DynamoDbClient client;
    private final String stateTable;
    private final String idempotencyTable;
    private final Duration retention;
    private final StoreMetrics metrics;
    private final ItemLayout layout;

    IdempotentWrites(DynamoDbClient client, String stateTable, String idempotencyTable, Duration retention,
                     StoreMetrics metrics, ItemLayout layout) {
        this.layout = layout;
        this.client = client;
        this.stateTable = stateTable;
        this.idempotencyTable = idempotencyTable;
        this.retention = retention;
        this.metrics = metrics;
    }

    WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, java.util.OptionalLong schemaVersion,
                    TimeToLive ttl, Precondition precondition, WriteToken token, IdempotentRequest request,
                    long versionFloor, Instant now) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Snapshot seen = read(namespace, key, request, now);
            if (seen.outcome().isPresent()) {
                return IdempotencyItem.replayPut(matching(seen.outcome().get(), request), namespace, key, value);
            }
            Optional<StateRecord> live = StateItem.toRecord(seen.state(), now);
            check(precondition, live);
            Instant at = Instant.ofEpochMilli(now.toEpochMilli());
            StateRecord committed = new StateRecord(namespace, key, value, nextVersion(seen.state(), versionFloor),
                    live.map(StateRecord::createdAt).orElse(at), at, ttl == null ? null : ttl.expiryAfter(now),
                    schemaVersion);
            WriteResult result = new WriteResult(committed, live.isEmpty());
            ItemUpdate update = (live.isPresent() ? ItemUpdate.overwrite(layout, namespace, key, value, schemaVersion, ttl, token, now)
                    : ItemUpdate.create(layout, namespace, key, value, schemaVersion, ttl, token, versionFloor, now)).asSeen(seen.state());
            Map<String, AttributeValue> outcome = IdempotencyItem.ofPut(namespace, request, result, token, keepUntil(now));
            switch (commit(namespace, key, update, outcome, request, now)) {
                case Commit.Committed ignored -> {
                    return result;
                }
                case Commit.KeyTaken taken -> {
                    if (IdempotencyItem.committedBy(taken.first(), token)) {
                        metrics.lostAnswerRecovered("put");
                        return result;
                    }
                    return IdempotencyItem.replayPut(matching(taken.first(), request), namespace, key, value);
                }
                case Commit.StateMoved ignored -> { }
            }
        }
        throw contention(key);
    }

    /** The outcome stored under the request's key, if any; it must be one that kept its value (a patch's). */
    Optional<WriteResult> storedOutcome(TenantNamespace namespace, Key key, IdempotentRequest request, Instant now) {
        Map<String, AttributeValue> stored = readOutcome(namespace, request, now);
        return stored == null ? Optional.empty()
                : Optional.of(IdempotencyItem.replayPut(matching(stored, request), namespace, key, null));
    }

    DeleteResult delete(TenantNamespace namespace, Key key, Precondition precondition, WriteToken token,
                        IdempotentRequest request, Instant now) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Snapshot seen = read(namespace, key, request, now);
            if (seen.outcome().isPresent()) {
                return IdempotencyItem.replayDelete(matching(seen.outcome().get(), request));
            }
            Optional<StateRecord> live = StateItem.toRecord(seen.state(), now);
            if (live.isEmpty()) {
                throw new KeyNotFoundException(namespace, key);
            }
            check(precondition, live);
            Version version = nextVersion(seen.state(), 0);  // a live key: its own version counts
            ItemUpdate update = ItemUpdate.delete(namespace, key, token, now).asSeen(seen.state());
            Map<String, AttributeValue> outcome = IdempotencyItem.ofDelete(namespace, request, version, now, token,
                    keepUntil(now));
            switch (commit(namespace, key, update, outcome, request, now)) {
                case Commit.Committed ignored -> {
                    return new DeleteResult(version, false);
                }
                case Commit.KeyTaken taken -> {
                    if (IdempotencyItem.committedBy(taken.first(), token)) {
                        metrics.lostAnswerRecovered("delete");
                        return new DeleteResult(version, false);
                    }
                    return IdempotencyItem.replayDelete(matching(taken.first(), request));
                }
                case Commit.StateMoved ignored -> { }
            }
        }
        throw contention(key);
    }

    /** What a write of another kind decided on its read: the update to send and the result it commits. */
    record Decision(ItemUpdate update, WriteResult result) {
    }

    /**
     * A write of another kind (an increment, an expiry change, ADR 0034), decided by
     * {@code decide} on the consistent read of the state item (it throws when the write cannot
     * go ahead) and committed only if the item is still as read. The outcome keeps the value,
     * since such a request does not carry it.
     */
    WriteResult write(String operation, TenantNamespace namespace, Key key, WriteToken token, IdempotentRequest request,
                      Instant now, Function<Map<String, AttributeValue>, Decision> decide) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Snapshot seen = read(namespace, key, request, now);
            if (seen.outcome().isPresent()) {
                return IdempotencyItem.replayWrite(matching(seen.outcome().get(), request), namespace, key);
            }
            Decision decision = decide.apply(seen.state());
            Map<String, AttributeValue> outcome = IdempotencyItem.ofWrite(namespace, request, decision.result(), token,
                    keepUntil(now));
            switch (commit(namespace, key, decision.update().asSeen(seen.state()), outcome, request, now)) {
                case Commit.Committed ignored -> {
                    return decision.result();
                }
                case Commit.KeyTaken taken -> {
                    if (IdempotencyItem.committedBy(taken.first(), token)) {
                        metrics.lostAnswerRecovered(operation);
                        return decision.result();
                    }
                    return IdempotencyItem.replayWrite(matching(taken.first(), request), namespace, key);
                }
                case Commit.StateMoved ignored -> { }
            }
        }
        throw contention(key);
    }

    /**
     * The precondition against the key's live record (empty: not live), as the single-write
     * conditions decide it; a conflict carries the record read (ADR 0051).
     */
    private static void check(Precondition precondition, Optional<StateRecord> live) {
        switch (precondition) {
            case Precondition.None ignored -> { }
            case Precondition.IfPresent ignored -> {
                if (live.isEmpty()) {
                    throw VersionConflictException.withState("key does not exist", live);
                }
            }
            case Precondition.IfAbsent ignored -> {
                if (live.isPresent()) {
                    throw VersionConflictException.withState("key already exists", live);
                }
            }
            case Precondition.IfVersion v -> {
                if (live.isEmpty() || !live.get().version().equals(v.version())) {
                    throw VersionConflictException.withState("key is not at version " + v.version(), live);
                }
            }
            case Precondition.Contradictory ignored ->
                    throw new IllegalArgumentException("a contradictory precondition never reaches the store");
        }
    }

    /** What one transaction did. */
    private sealed interface Commit {
        /** The state change and its outcome are both stored. */
        record Committed() implements Commit {
        }

        /**
         * The idempotency key was taken first: by an earlier request, or by this very
         * transaction, sent again by the AWS SDK after its answer was lost (then the record
         * carries this write's token, and the result is this write's own commit).
         */
        record KeyTaken(Map<String, AttributeValue> first) implements Commit {
        }

        /** The state item changed since it was read: decide again on a new read. */
        record StateMoved() implements Commit {
        }
    }

    /** Commits the state change and the outcome together. */
    private Commit commit(TenantNamespace namespace, Key key, ItemUpdate update,
                                                         Map<String, AttributeValue> outcome,
                                                         IdempotentRequest request, Instant now) {
        TransactWriteItem record = TransactWriteItem.builder().put(Put.builder()
                .tableName(idempotencyTable)
                .item(outcome)
                .conditionExpression("attribute_not_exists(#pk) OR #exp <= :nowSec")
                .expressionAttributeNames(Map.of("#pk", IdempotencyItem.PK, "#exp", IdempotencyItem.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":nowSec", ItemUpdate.number(now.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
        TransactWriteItem state = TransactWriteItem.builder()
                .update(update.transactionItem(stateTable, StateItem.key(namespace, key))).build();
        // One client token per attempt: the AWS SDK's own retries of it are then idempotent in DynamoDB.
        String clientToken = UUID.randomUUID().toString();
        return call(() -> {
            try {
                client.transactWriteItems(b -> b.transactItems(record, state).clientRequestToken(clientToken));
                return new Commit.Committed();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                String recordReason = reasons.size() > 0 ? reasons.get(0).code() : null;
                String stateReason = reasons.size() > 1 ? reasons.get(1).code() : null;
                if (CONDITION_FAILED.equals(recordReason)) {
                    Map<String, AttributeValue> first = reasons.get(0).hasItem() && !reasons.get(0).item().isEmpty()
                            ? reasons.get(0).item() : readOutcome(namespace, request, now);
                    // Swept between the failed condition and the read: the key is free again.
                    return first == null ? new Commit.StateMoved() : new Commit.KeyTaken(first);
                }
                if (CONFLICT.equals(recordReason)) {
                    throw inFlight();
                }
                if (CONDITION_FAILED.equals(stateReason) || CONFLICT.equals(stateReason)) {
                    return new Commit.StateMoved();
                }
                throw new StoreUnavailableException("the write was cancelled (" + reasons.stream()
                        .map(CancellationReason::code).toList() + "); retry", RETRY_AFTER, e);
            } catch (TransactionInProgressException e) {
                throw inFlight();
            }
        });
    }

    /** The state item and the stored outcome, read together and strongly consistent. */
    private Snapshot read(TenantNamespace namespace, Key key, IdempotentRequest request, Instant now) {
        Map<String, KeysAndAttributes> wanted = Map.of(
                stateTable, KeysAndAttributes.builder().keys(StateItem.key(namespace, key)).consistentRead(true).build(),
                idempotencyTable, KeysAndAttributes.builder()
                        .keys(IdempotencyItem.key(namespace, request.key())).consistentRead(true).build());
        BatchGetItemResponse response = call(() -> client.batchGetItem(b -> b.requestItems(wanted)));
        if (response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()) {
            // DynamoDB returns keys unprocessed under load; the SDK does not retry them itself.
            throw new StoreUnavailableException("the store is throttling; retry", RETRY_AFTER, null);
        }
        Map<String, AttributeValue> state = first(response, stateTable);
        Map<String, AttributeValue> outcome = first(response, idempotencyTable);
        return new Snapshot(state, IdempotencyItem.isLive(outcome, now) ? Optional.of(outcome) : Optional.empty());
    }

    private Map<String, AttributeValue> readOutcome(TenantNamespace namespace, IdempotentRequest request, Instant now) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(idempotencyTable)
                .key(IdempotencyItem.key(namespace, request.key())).consistentRead(true)).item());
        return IdempotencyItem.isLive(item, now) ? item : null;
    }

    private static Map<String, AttributeValue> first(BatchGetItemResponse response, String table) {
        List<Map<String, AttributeValue>> items = response.responses().getOrDefault(table, List.of());
        return items.isEmpty() ? Map.of() : items.getFirst();
    }

    /** The stored outcome, if it was stored for this same request; a different request may not use the key. */
    private static Map<String, AttributeValue> matching(Map<String, AttributeValue> stored, IdempotentRequest request) {
        if (!IdempotencyItem.fingerprint(stored).equals(request.fingerprint())) {
            throw new IdempotencyKeyReusedException("Idempotency-Key '" + request.key().value()
                    + "' was already used for a different request in this namespace");
        }
        return stored;
    }

    /** The item's next version; a key with no item starts above its namespace's floor (ADR 0019). */
    static Version nextVersion(Map<String, AttributeValue> item, long versionFloor) {
        return StateItem.version(item).map(Version::next).orElse(Version.of(versionFloor + 1));
    }

    private Instant keepUntil(Instant now) {
        return now.plus(retention);
    }

    private static IdempotencyKeyInFlightException inFlight() {
        return new IdempotencyKeyInFlightException(
                "a request with this Idempotency-Key is being committed; send it again to get its outcome", RETRY_AFTER);
    }

    private static StoreUnavailableException contention(Key key) {
        return new StoreUnavailableException("too much contention on key '" + key.value() + "'; retry", RETRY_AFTER, null);
    }

    /** @param outcome the live stored outcome under the request's idempotency key, if any */
    private record Snapshot(Map<String, AttributeValue> state, Optional<Map<String, AttributeValue>> outcome) {
    }
}
