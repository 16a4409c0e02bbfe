package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Sends one {@link ItemUpdate} alone as a conditional {@code UpdateItem}, for the operations
 * that live beside {@link DynamoDbStateStore} (increments, expiry changes): the new item when it
 * committed, the current one ({@code ALL_OLD}) when its condition failed, so a refusal is
 * explained without a second read.
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

    Outcome send(TenantNamespace namespace, Key key, ItemUpdate update) {
        return call(() -> {
            try {
                return new Outcome(true, client.updateItem(update.request(tableName, StateItem.key(namespace, key)))
                        .attributes());
            } catch (ConditionalCheckFailedException e) {
                return new Outcome(false, e.hasItem() ? e.item() : Map.of());
            } catch (DynamoDbException e) {
                throw unreadableItemOr(namespace, key, e);
            }
        });
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

    /**
     * DynamoDB refuses an update whose expression meets an attribute of the wrong type (a
     * version or number written outside the API): nothing was written. When the item is what
     * is wrong, say so; otherwise the refusal stands.
     */
    private RuntimeException unreadableItemOr(TenantNamespace namespace, Key key, DynamoDbException refusal) {
        if (refusal.isThrottlingException() || refusal.statusCode() >= 500) {
            return refusal;
        }
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName)
                .key(StateItem.key(namespace, key)).consistentRead(true)).item();
        try {
            StateItem.toRecord(item, Instant.EPOCH);
        } catch (UnreadableStateException e) {
            return e;
        }
        return refusal;
    }
}
