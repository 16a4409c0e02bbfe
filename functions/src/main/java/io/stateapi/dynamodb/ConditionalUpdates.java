package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.OutcomeUnknownException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Sends one {@link ItemUpdate} alone as a conditional {@code UpdateItem}, for every write
 * without an idempotency key (puts, deletes, increments, expiry changes): the new item when it
 * committed, the current one ({@code ALL_OLD}) when its condition failed, so a refusal is
 * explained without a second read.
 *
 * <p>It is the one place that learns the outcome of an attempt whose answer was lost (ADR
 * 0065). The AWS SDK sends a write again only after a failure that provably changed nothing
 * ({@link WriteAttempts}). After any other failure the attempt may have been applied: a strongly
 * consistent read finds the item carrying the write's token (its commit, reported exactly as
 * the item holds it) or not. Not: a write pinned to a version is sent again, since that version
 * lets at most one of its attempts apply; any other write would apply a second time, so it is
 * reported as {@link OutcomeUnknownException}, as is a repeat refused by another writer's
 * commit. A refusal is a conflict only when no attempt may have been applied, or when another
 * writer made the very version a version-pinned write would have made.
 */
final class ConditionalUpdates {

    private final DynamoDbClient client;
    private final String tableName;

    ConditionalUpdates(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
    }

    /** What one conditional update did: committed (item = new image) or not (item = current image). */
    record Outcome(boolean committed, Map<String, AttributeValue> item) {

        /**
         * Whether the write with {@code token} is what the item holds: committed now, or
         * committed by an earlier attempt whose answer was lost (ADR 0007).
         */
        boolean committedBy(WriteToken token) {
            return committed || StateItem.committedBy(item, token);
        }
    }

    /**
     * @param token the write token {@code update} sets and refuses to meet again
     *              ({@link ItemUpdate#unlessAlreadyCommitted})
     * @throws OutcomeUnknownException when an attempt may have been applied and the item no longer tells
     */
    Outcome send(TenantNamespace namespace, Key key, ItemUpdate update, WriteToken token) {
        UpdateItemRequest request = WriteAttempts.sentAtMostOnceApplied(
                update.request(tableName, StateItem.key(namespace, key)));
        SdkException mayHaveApplied = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return new Outcome(true, client.updateItem(request).attributes());
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> current = e.hasItem() ? e.item() : Map.of();
                if (mayHaveApplied != null && !StateItem.committedBy(current, token)
                        && !overtook(update, current)) {
                    throw unknown(key, mayHaveApplied);
                }
                return new Outcome(false, current);
            } catch (SdkException e) {
                if (WriteAttempts.provablyNotApplied(e)) {
                    if (mayHaveApplied != null) {
                        throw unknown(key, mayHaveApplied);
                    }
                    throw notApplied(namespace, key, e);
                }
                mayHaveApplied = e;
            }
            Map<String, AttributeValue> current = readAfter(namespace, key, mayHaveApplied);
            if (StateItem.committedBy(current, token)) {
                return new Outcome(false, current);
            }
            if (current == null || current.isEmpty()) {
                // Every write leaves an item (a delete, its tombstone): with none, no attempt was applied.
                if (attempt >= WriteAttempts.MAX_ATTEMPTS) {
                    throw notApplied(namespace, key, mayHaveApplied);
                }
                mayHaveApplied = null;
                continue;
            }
            if (overtook(update, current)) {
                return new Outcome(false, current);
            }
            if (update.pinnedVersion().isEmpty() || attempt >= WriteAttempts.MAX_ATTEMPTS) {
                throw unknown(key, mayHaveApplied);
            }
        }
    }

    /**
     * Whether another writer made the version a write pinned to version n would have made (n + 1),
     * so that write never applied and never can: only one commit makes each version, and versions
     * never come back (ADR 0003, 0019). The refusal is then a plain conflict, not an unknown outcome.
     */
    private static boolean overtook(ItemUpdate update, Map<String, AttributeValue> current) {
        OptionalLong pinned = update.pinnedVersion();
        return pinned.isPresent() && current != null && current.containsKey(StateItem.VERSION)
                && StateItem.version(current).orElseThrow().value() == pinned.getAsLong() + 1;
    }

    /**
     * The record a committed write left. Not live any more only when the expiry sweeper took the
     * value between the commit and the AWS SDK's repeat of it (a TTL of a second): the commit
     * happened, but what it wrote is gone.
     */
    static StateRecord committedRecord(TenantNamespace namespace, Key key, Map<String, AttributeValue> item,
                                       Instant now) {
        return StateItem.toRecord(item, now).orElseThrow(() -> new StoreUnavailableException(
                "the change to key '" + key.value() + "' was committed as version " + item.get(StateItem.VERSION).n()
                        + ", and the value has expired since; read the key", RETRY_AFTER, null));
    }

    /** The item as it is now, read strongly after an attempt that may have been applied. */
    private Map<String, AttributeValue> readAfter(TenantNamespace namespace, Key key, SdkException lost) {
        try {
            return client.getItem(b -> b.tableName(tableName).key(StateItem.key(namespace, key))
                    .consistentRead(true)).item();
        } catch (SdkException e) {
            OutcomeUnknownException unknown = unknown(key, lost);
            unknown.addSuppressed(e);
            throw unknown;
        }
    }

    /** A failure that changed nothing: throttling that outlasted the retries, or a refused request. */
    private RuntimeException notApplied(TenantNamespace namespace, Key key, SdkException failure) {
        if (failure instanceof DynamoDbException refusal && refusal.statusCode() < 500
                && !refusal.isThrottlingException()) {
            return unreadableItemOr(namespace, key, refusal);
        }
        return new StoreUnavailableException("the store is throttling or could not be reached; nothing was written:"
                + " try again after Retry-After", RETRY_AFTER, failure);
    }

    private static OutcomeUnknownException unknown(Key key, SdkException lost) {
        return new OutcomeUnknownException("the write to key '" + key.value() + "' may have been applied: the store's"
                + " answer was lost and the key has changed since; read the key, or send the request with an"
                + " Idempotency-Key to retry it safely", RETRY_AFTER, lost);
    }

    /**
     * DynamoDB refuses an update whose expression meets an attribute of the wrong type (a
     * version or number written outside the API): nothing was written. When the item is what
     * is wrong, say so; otherwise the refusal stands.
     */
    private RuntimeException unreadableItemOr(TenantNamespace namespace, Key key, DynamoDbException refusal) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(tableName)
                .key(StateItem.key(namespace, key)).consistentRead(true)).item());
        try {
            StateItem.toRecord(item, Instant.EPOCH);
        } catch (UnreadableStateException e) {
            return e;
        }
        return refusal;
    }
}
