package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.Key;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Batch get on the state table (ADR 0027): {@code BatchGetItem} with at most
 * {@value #MAX_KEYS_PER_CALL} keys per call, consistent reads for a strong batch, and every item
 * judged by {@link StateItem}'s liveness rule.
 *
 * <p>DynamoDB may answer with some keys in {@code UnprocessedKeys} (a throttled partition, or a
 * response over its 16 MB limit); they are sent again after an exponential backoff with full
 * jitter (the AWS SDK's own {@link BackoffStrategy}), up to {@value #MAX_CALLS} calls per chunk.
 * Keys still unprocessed then fail the whole batch with {@link StoreUnavailableException} (503
 * and Retry-After): a half-read batch is never answered as if it were whole.
 */
final class BatchReads {

    /** DynamoDB's limit of keys in one {@code BatchGetItem}. */
    static final int MAX_KEYS_PER_CALL = 100;
    /** Calls per chunk, the first included; with the backoff below, at most about 3.5 s of waiting. */
    static final int MAX_CALLS = 8;
    static final BackoffStrategy BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(1));

    private final DynamoDbClient client;
    private final String tableName;
    private final BackoffStrategy backoff;

    BatchReads(DynamoDbClient client, String tableName) {
        this(client, tableName, BACKOFF);
    }

    BatchReads(DynamoDbClient client, String tableName, BackoffStrategy backoff) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    Map<Key, StateRecord> getAll(TenantNamespace namespace, Collection<Key> keys, ReadConsistency consistency,
                                 Instant now) {
        List<Key> distinct = List.copyOf(new LinkedHashSet<>(keys));
        Map<Key, StateRecord> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += MAX_KEYS_PER_CALL) {
            List<Map<String, AttributeValue>> chunk = distinct.subList(from, Math.min(distinct.size(),
                    from + MAX_KEYS_PER_CALL)).stream().map(key -> StateItem.key(namespace, key)).toList();
            for (Map<String, AttributeValue> item : read(chunk, consistency == ReadConsistency.STRONG)) {
                StateItem.toRecord(item, now).ifPresent(record -> found.put(record.key(), record));
            }
        }
        return found;
    }

    /** Every item DynamoDB holds under {@code keys}, after sending the unprocessed ones again as needed. */
    private List<Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> keys, boolean consistentRead) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = keys;
        for (int calls = 1; ; calls++) {
            KeysAndAttributes request = KeysAndAttributes.builder().keys(pending).consistentRead(consistentRead).build();
            BatchGetItemResponse response = call(() -> client.batchGetItem(b -> b.requestItems(Map.of(tableName, request))));
            items.addAll(response.responses().getOrDefault(tableName, List.of()));
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(tableName);
            if (unprocessed == null || !unprocessed.hasKeys() || unprocessed.keys().isEmpty()) {
                return items;
            }
            if (calls == MAX_CALLS) {
                throw new StoreUnavailableException(unprocessed.keys().size() + " of " + keys.size()
                        + " keys were still unprocessed by DynamoDB after " + MAX_CALLS
                        + " calls (throttling); nothing is answered for a partly read batch: try again after Retry-After",
                        RETRY_AFTER, null);
            }
            pending = unprocessed.keys();
            pause(backoff.computeDelay(calls));
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a batch get's unprocessed keys",
                    RETRY_AFTER, e);
        }
    }
}
