package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.Key;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Prefix listing (ADR 0026): a {@code Query} of one namespace's item collection
 * ({@code pk = tenant#namespace}, with {@code begins_with(sk, :prefix)} when there is a prefix),
 * in sort-key order, strongly or eventually consistent, filtered by the liveness rule
 * ({@link ItemUpdate#LIVE}) so tombstones and expired values never leave DynamoDB.
 *
 * <p>DynamoDB's {@code Limit} counts the items it reads before the filter, so one call may return
 * fewer live keys than asked for: the listing queries on from {@code LastEvaluatedKey} until the
 * page is full or the range ends. A run of dead keys could make that unbounded, so one page reads
 * at most {@link #MAX_ITEMS_READ} items in at most {@link #MAX_QUERIES} calls and carries at most
 * {@link #MAX_PAGE_VALUE_BYTES} of values (the answer must fit a Lambda response); past any of
 * them it returns the shorter page with where to resume.
 *
 * <p>The only other items in the table, the housekeeping checkpoints, live under partition keys
 * that start with {@code #} ({@link DynamoDbExpirySweeper}, {@link DynamoDbTombstonePurger}); a
 * namespace's partition key starts with its tenant id, which is never empty, so no listing meets
 * them. Items a purge stripped to their keys have no version and fail the filter.
 */
final class KeyListing {

    /** Most items (live or not) one page reads. */
    static final int MAX_ITEMS_READ = 3000;
    /** Most Query calls one page makes (each reads up to 1 MB). */
    static final int MAX_QUERIES = 8;
    /**
     * Most items one call asks for: a page of 1,000 takes a few calls, each well inside the
     * client's 2-second attempt timeout also on a slow emulator (moto took over 2 s for 1,000).
     */
    static final int MAX_ITEMS_PER_CALL = 250;
    /**
     * Most value bytes one page carries. Lambda answers at most 6 MB, and the values travel as a
     * JSON string inside its response, where every quote is escaped.
     */
    static final int MAX_PAGE_VALUE_BYTES = 2 * 1024 * 1024;

    /** The names the key condition and the liveness filter always use (DynamoDB refuses unused ones). */
    private static final Map<String, String> NAMES = Map.of("#pk", StateItem.PK,
            "#v", StateItem.VERSION, "#tomb", StateItem.TOMBSTONE, "#exp", StateItem.EXPIRES_AT);
    /** What a listing without values reads back: everything an entry shows but the value. */
    private static final String WITHOUT_VALUES = "#pk, #sk, #v, #exp, #ca, #ua, #sv";

    private final DynamoDbClient client;
    private final String tableName;
    private final int maxItemsRead;
    private final int maxQueries;

    KeyListing(DynamoDbClient client, String tableName) {
        this(client, tableName, MAX_ITEMS_READ, MAX_QUERIES);
    }

    /** With other bounds per page: tests meet them without writing thousands of items. */
    KeyListing(DynamoDbClient client, String tableName, int maxItemsRead, int maxQueries) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.maxItemsRead = maxItemsRead;
        this.maxQueries = maxQueries;
    }

    KeyPage list(TenantNamespace namespace, KeyQuery query, ReadConsistency consistency, Instant now) {
        AttributeValue partition = AttributeValue.fromS(StateItem.partitionKey(namespace));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", partition,
                ":nowSec", AttributeValue.fromN(Long.toString(now.getEpochSecond()))));
        Map<String, String> names = new HashMap<>(NAMES);
        String keyCondition = "#pk = :pk";
        if (!query.prefix().isEmpty()) {
            keyCondition += " AND begins_with(#sk, :prefix)";
            names.put("#sk", StateItem.SK);
            values.put(":prefix", AttributeValue.fromS(query.prefix().value()));
        }
        if (!query.values()) {
            names.put("#sk", StateItem.SK);
            names.put("#ca", StateItem.CREATED_AT);
            names.put("#ua", StateItem.UPDATED_AT);
            names.put("#sv", StateItem.SCHEMA_VERSION);
        }
        Map<String, AttributeValue> start = query.after()
                .map(after -> Map.of(StateItem.PK, partition, StateItem.SK, AttributeValue.fromS(after.value())))
                .orElse(null);

        List<ListedKey> page = new ArrayList<>();
        long valueBytes = 0;
        int read = 0;
        for (int queries = 1; ; queries++) {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression(keyCondition)
                    .filterExpression(ItemUpdate.LIVE)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .consistentRead(consistency == ReadConsistency.STRONG)
                    // One more than the page needs: reading it tells a full page from the range's end.
                    .limit(Math.min(Math.min(query.limit() - page.size() + 1, maxItemsRead - read), MAX_ITEMS_PER_CALL))
                    .exclusiveStartKey(start);
            if (!query.values()) {
                request.projectionExpression(WITHOUT_VALUES);
            }
            QueryRequest sent = request.build();
            QueryResponse response = call(() -> client.query(sent));
            read += response.scannedCount();
            boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
            List<Map<String, AttributeValue>> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                Optional<ListedKey> entry = StateItem.toListedKey(items.get(i), now, query.values());
                if (entry.isEmpty()) {
                    continue;   // dead by the time of `now` (the filter and the rule agree; this is the rule)
                }
                page.add(entry.get());
                valueBytes += entry.get().value().map(v -> (long) v.utf8Bytes()).orElse(0L);
                if (page.size() == query.limit() || valueBytes >= MAX_PAGE_VALUE_BYTES) {
                    boolean rest = i < items.size() - 1 || more;
                    return new KeyPage(page, rest ? Optional.of(entry.get().key()) : Optional.empty());
                }
            }
            if (!more) {
                return new KeyPage(page, Optional.empty());
            }
            start = response.lastEvaluatedKey();
            if (read >= maxItemsRead || queries >= maxQueries) {
                return new KeyPage(page, Optional.of(Key.of(start.get(StateItem.SK).s())));
            }
        }
    }
}
