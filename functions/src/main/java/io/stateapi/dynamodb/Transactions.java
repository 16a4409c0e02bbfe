package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.metrics.StoreMetrics;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteIdentity.IdempotentRequest;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.domain.exceptions.IdempotencyKeyReusedException;
import io.stateapi.domain.exceptions.OutcomeUnknownException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.TransactionConflictException;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Multi-key transactions in one {@code TransactWriteItems} (ADR 0028). Each round reads the keys
 * whose operations need it ({@link TransactionPlan}), sends every operation's item (plus, with an
 * {@code Idempotency-Key}, the outcome record), and reads the cancellation reasons when DynamoDB
 * refuses: an operation's own failed condition is the answer (409), a moved item or another
 * transaction in flight starts a new round (bounded; then 503), and the transaction's own write
 * token on an item means the AWS SDK re-sent a transaction that had committed.
 */
final class Transactions {

    /** Rounds a transaction may take while other writers move its keys or collide with it. */
    private static final int MAX_ROUNDS = 8;
    /** Times the same request is sent again while DynamoDB still runs an earlier send of it. */
    private static final int MAX_IN_PROGRESS_RESENDS = 3;
    private static final int MAX_UNPROCESSED_READS = 5;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private final DynamoDbClient client;
    private final String stateTable;
    private final String idempotencyTable;
    private final Duration retention;
    private final StoreMetrics metrics;
    private final ItemLayout layout;

    Transactions(DynamoDbClient client, String stateTable, String idempotencyTable, Duration retention,
                 StoreMetrics metrics, ItemLayout layout) {
        this.layout = layout;
        this.client = client;
        this.stateTable = stateTable;
        this.idempotencyTable = idempotencyTable;
        this.retention = retention;
        this.metrics = metrics;
    }

    TransactionResult transact(TenantId tenant, List<PreparedOperation> operations, WriteIdentity identity,
                               Instant now) {
        IdempotentRequest request = identity.idempotency().orElse(null);
        if (request != null) {
            Map<String, AttributeValue> stored = readOutcome(tenant, request, now);
            if (stored != null) {
                return TransactionOutcomeItem.replay(matching(stored, request), operations);
            }
        }
        TransactionPlan previous = null;
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> seenBefore = null;
        SdkException mayHaveApplied = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Map<Map<String, AttributeValue>, Map<String, AttributeValue>> seen = read(operations);
            if (previous != null && seen.values().stream().anyMatch(item -> StateItem.committedBy(item, identity.token()))) {
                metrics.lostAnswerRecovered("transaction");
                return previous.result();  // an earlier round committed after all (its answer was lost)
            }
            if (mayHaveApplied != null && !seen.equals(seenBefore)) {
                // Its items moved on, and none carries its token: applied and overwritten, or not (ADR 0065).
                throw unknown(mayHaveApplied);
            }
            TransactionPlan plan = TransactionPlan.of(layout, stateTable, operations, seen, identity.token(), now);
            TransactionPlan.Cancellation cancellation;
            try {
                cancellation = commit(tenant, plan, identity, request, now);
            } catch (MayHaveApplied e) {
                // Each write is pinned to the item it read, or to a version: while the items read stay as they
                // were, it did not apply (or cannot apply again), so it may be sent again.
                if (mayHaveApplied == null) {
                    mayHaveApplied = e.failure;
                    seenBefore = seen;
                }
                previous = plan;
                continue;
            }
            switch (cancellation) {
                case TransactionPlan.Cancellation.Committed committed -> {
                    if (committed.lostAnswer()) {
                        metrics.lostAnswerRecovered("transaction");
                    }
                    return plan.result();
                }
                case TransactionPlan.Cancellation.Conflict conflict -> {
                    if (mayHaveApplied != null) {
                        // Refused by another writer's commit: perhaps the one that followed ours.
                        throw unknown(mayHaveApplied);
                    }
                    return answer(tenant, conflict.conflict(), identity.token(), request, operations, now);
                }
                case TransactionPlan.Cancellation.KeyTaken taken -> {
                    return TransactionOutcomeItem.replay(matching(taken.first(), request), operations);
                }
                case TransactionPlan.Cancellation.Retry retry -> {
                    if (retry.contention()) {
                        pause(round);
                    }
                }
                case TransactionPlan.Cancellation.Refused refused -> throw new StoreUnavailableException(
                        "the transaction was cancelled " + refused.codes() + "; retry", RETRY_AFTER, null);
            }
            previous = plan;
        }
        if (mayHaveApplied != null) {
            throw unknown(mayHaveApplied);
        }
        throw new StoreUnavailableException("too much contention on the transaction's keys; nothing was written;"
                + " retry", RETRY_AFTER, null);
    }

    /** Sends one round and says how it ended. */
    private TransactionPlan.Cancellation commit(TenantId tenant, TransactionPlan plan, WriteIdentity identity,
                                                IdempotentRequest request, Instant now) {
        List<TransactWriteItem> items = new ArrayList<>();
        if (request != null) {
            items.add(TransactWriteItem.builder().put(outcomeRecord(TransactionOutcomeItem.ofCommit(tenant, request,
                    plan.result(), identity.token(), now, now.plus(retention)), now)).build());
        }
        items.addAll(plan.items());
        // One client token per round: the AWS SDK's own retries of it are then idempotent in DynamoDB.
        String clientToken = UUID.randomUUID().toString();
        TransactWriteItemsRequest send = TransactWriteItemsRequest.builder().transactItems(items)
                .clientRequestToken(clientToken).build();
        if (request == null) {
            // No outcome record to recognise a repeat by: the SDK re-sends only what provably did not apply (ADR 0065).
            send = WriteAttempts.sentAtMostOnceApplied(send);
        }
        TransactWriteItemsRequest sent = send;
        for (int resend = 0; ; resend++) {
            try {
                call(() -> {
                    try {
                        return client.transactWriteItems(sent);
                    } catch (SdkException e) {
                        if (request == null && !WriteAttempts.provablyNotApplied(e)) {
                            throw new MayHaveApplied(e);
                        }
                        throw e;
                    }
                });
                return new TransactionPlan.Cancellation.Committed(false);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (request == null) {
                    return plan.classify(reasons, identity.token(), now);
                }
                CancellationReason record = reasons.isEmpty() ? null : reasons.getFirst();
                if (record != null && CONDITION_FAILED.equals(record.code())) {
                    Map<String, AttributeValue> first = record.hasItem() && !record.item().isEmpty()
                            ? record.item() : readOutcome(tenant, request, now);
                    if (first == null) {
                        return new TransactionPlan.Cancellation.Retry(false);  // swept in between: free again
                    }
                    if (IdempotencyItem.committedBy(first, identity.token())) {
                        return new TransactionPlan.Cancellation.Committed(true);
                    }
                    return new TransactionPlan.Cancellation.KeyTaken(first);
                }
                if (record != null && TRANSACTION_CONFLICT.equals(record.code())) {
                    throw inFlight();
                }
                return plan.classify(reasons.subList(Math.min(1, reasons.size()), reasons.size()), identity.token(), now);
            } catch (TransactionInProgressException e) {
                // DynamoDB still runs an earlier send of this very request (same client token).
                if (resend >= MAX_IN_PROGRESS_RESENDS) {
                    throw new StoreUnavailableException("the transaction is still being committed; its outcome is"
                            + " unknown: send it again only with the same Idempotency-Key, or read first", RETRY_AFTER, e);
                }
                pause(resend);
            }
        }
    }

    /**
     * The conflict as the answer: with an idempotency key it is stored first (nothing else was
     * written), so a repeat gets the same 409; if another request stored an outcome under the
     * key first, that one is the answer.
     *
     * @throws TransactionConflictException always, unless another request's stored commit is the answer
     */
    private TransactionResult answer(TenantId tenant, TransactionConflictException conflict, WriteToken token,
                                    IdempotentRequest request, List<PreparedOperation> operations, Instant now) {
        if (request == null) {
            throw conflict;
        }
        try {
            call(() -> client.putItem(b -> b.tableName(idempotencyTable)
                    .item(TransactionOutcomeItem.ofConflict(tenant, request, conflict, token, now, now.plus(retention)))
                    .conditionExpression("attribute_not_exists(#pk) OR #exp <= :nowSec")
                    .expressionAttributeNames(Map.of("#pk", IdempotencyItem.PK, "#exp", IdempotencyItem.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":nowSec", ItemUpdate.number(now.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> first = taken.hasItem() ? taken.item() : readOutcome(tenant, request, now);
            if (first != null && !IdempotencyItem.committedBy(first, token)) {
                return TransactionOutcomeItem.replay(matching(first, request), operations);
            }
        }
        throw conflict;
    }

    private Put outcomeRecord(Map<String, AttributeValue> item, Instant now) {
        return Put.builder()
                .tableName(idempotencyTable)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk) OR #exp <= :nowSec")
                .expressionAttributeNames(Map.of("#pk", IdempotencyItem.PK, "#exp", IdempotencyItem.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":nowSec", ItemUpdate.number(now.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** The items of the operations that need a read, strongly consistent, by item key. */
    private Map<Map<String, AttributeValue>, Map<String, AttributeValue>> read(List<PreparedOperation> operations) {
        List<Map<String, AttributeValue>> keys = operations.stream()
                .filter(operation -> TransactionPlan.needsRead(operation.operation()))
                .map(operation -> StateItem.key(operation.namespace(), operation.operation().key()))
                .toList();
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> seen = new HashMap<>();
        for (int attempt = 0; !keys.isEmpty(); attempt++) {
            if (attempt == MAX_UNPROCESSED_READS) {
                throw new StoreUnavailableException("the store is throttling; retry", RETRY_AFTER, null);
            }
            List<Map<String, AttributeValue>> wanted = keys;
            BatchGetItemResponse response = call(() -> client.batchGetItem(b -> b.requestItems(Map.of(stateTable,
                    KeysAndAttributes.builder().keys(wanted).consistentRead(true).build()))));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(stateTable, List.of())) {
                seen.put(Map.of(StateItem.PK, item.get(StateItem.PK), StateItem.SK, item.get(StateItem.SK)), item);
            }
            KeysAndAttributes unprocessed = response.hasUnprocessedKeys()
                    ? response.unprocessedKeys().get(stateTable) : null;
            keys = unprocessed == null ? List.of() : unprocessed.keys();
            if (!keys.isEmpty()) {
                pause(attempt);
            }
        }
        return seen;
    }

    private Map<String, AttributeValue> readOutcome(TenantId tenant, IdempotentRequest request, Instant now) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(idempotencyTable)
                .key(TransactionOutcomeItem.key(tenant, request.key())).consistentRead(true)).item());
        return IdempotencyItem.isLive(item, now) ? item : null;
    }

    private static Map<String, AttributeValue> matching(Map<String, AttributeValue> stored, IdempotentRequest request) {
        if (!IdempotencyItem.fingerprint(stored).equals(request.fingerprint())) {
            throw new IdempotencyKeyReusedException("Idempotency-Key '" + request.key().value()
                    + "' was already used for a different request by this tenant");
        }
        return stored;
    }

    /** Waits a little before another round, with jitter, so colliding transactions spread out. */
    private static OutcomeUnknownException unknown(SdkException lost) {
        return new OutcomeUnknownException("the transaction may have been applied: the store's answer was lost and its"
                + " keys have changed since; read them, or send the request with an Idempotency-Key to retry it safely",
                RETRY_AFTER, lost);
    }

    /** A send of a transaction without an idempotency key failed in a way that may have applied it. */
    private static final class MayHaveApplied extends RuntimeException {

        private final SdkException failure;

        MayHaveApplied(SdkException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    private static void pause(int round) {
        long millis = ThreadLocalRandom.current().nextLong(5, 20L << Math.min(round, 4));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying the transaction", RETRY_AFTER, e);
        }
    }

    private static IdempotencyKeyInFlightException inFlight() {
        return new IdempotencyKeyInFlightException(
                "a request with this Idempotency-Key is being committed; send it again to get its outcome", RETRY_AFTER);
    }
}
