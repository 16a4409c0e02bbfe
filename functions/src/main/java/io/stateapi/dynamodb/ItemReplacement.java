package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;
import static io.stateapi.dynamodb.ItemUpdate.number;

import io.stateapi.domain.ValueReplacement;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.logging.TraceHeader;
import io.stateapi.metrics.StoreMetrics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The schema backfill's upgrade of a live value it read whole (ADR 0067): one conditional
 * {@code PutItem} of the whole next item instead of {@link ItemUpdate#overwrite}'s
 * {@code UpdateItem}. The item is the one the overwrite at the version read leaves (the value in
 * the attribute the store's {@link ItemLayout} puts it in, with that format), the schema version, the same
 * {@code createdAt}, {@code updatedAt} now, the write's token,
 * the same expiry and expiry bucket, the request's trace header); the localstack test
 * {@code ItemReplacementTest} holds the two to the same attributes. It costs DynamoDB the same
 * write units (an item's size either way) and the emulator a third of the CPU.
 *
 * <p>The condition is the overwrite's, at the version read: live ({@link ItemUpdate#LIVE}) and
 * {@code version} unchanged. Every write raises the version (the expiry sweeper keeps it, and
 * leaves a tombstone, which {@code LIVE} refuses), so a writer that got there first always wins.
 * The write's token is not in the condition: a token the backfill derives from the version it
 * upgrades (ADR 0058) never stands on an item at that version. A repeat after a lost answer
 * fails the condition and finds its own token on the item ({@code ALL_OLD}): that is the commit.
 * Any other failure reports the conflict with the item it met, so the backfill needs no second
 * read to decide again.
 */
final class ItemReplacement {

    private static final String CONDITION = "(" + ItemUpdate.LIVE + ") AND #v = :expected";
    private static final Map<String, String> NAMES = Map.of("#v", StateItem.VERSION, "#tomb", StateItem.TOMBSTONE,
            "#exp", StateItem.EXPIRES_AT);

    private final DynamoDbClient client;
    private final String tableName;
    private final StoreMetrics metrics;
    private final ItemLayout layout;

    ItemReplacement(DynamoDbClient client, String tableName, StoreMetrics metrics, ItemLayout layout) {
        this.client = client;
        this.tableName = tableName;
        this.metrics = metrics;
        this.layout = layout;
    }

    void replace(TenantNamespace namespace, ValueReplacement replacement, WriteToken token, Instant now) {
        PutItemRequest request = PutItemRequest.builder()
                .tableName(tableName)
                .item(item(namespace, replacement, token, now))
                .conditionExpression(CONDITION)
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":expected", number(replacement.seen().value()),
                        ":nowSec", number(now.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        Map<String, AttributeValue> current = call(() -> {
            try {
                client.putItem(request);
                return null;
            } catch (ConditionalCheckFailedException e) {
                return e.hasItem() ? e.item() : Map.<String, AttributeValue>of();
            }
        });
        if (current == null) {
            return;
        }
        if (StateItem.committedBy(current, token)) {
            metrics.lostAnswerRecovered("put");
            return;
        }
        String reason = "key is not at version " + replacement.seen();
        try {
            // The item that failed the condition (ALL_OLD): the writer's state, without a second read.
            throw VersionConflictException.withState(reason, StateItem.toRecord(current, now));
        } catch (io.stateapi.domain.exceptions.UnreadableStateException e) {
            throw new VersionConflictException(reason, StateItem.isLive(current, now)
                    ? StateItem.version(current).orElse(null) : null);
        }
    }

    /** The whole item of the next version: what {@link ItemUpdate#overwrite} at the version read leaves. */
    Map<String, AttributeValue> item(TenantNamespace namespace, ValueReplacement replacement, WriteToken token,
                                     Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(StateItem.key(namespace, replacement.key()));
        item.put(StateItem.VERSION, number(replacement.seen().value() + 1));
        layout.putItemValue(item, replacement.value());
        item.put(StateItem.SCHEMA_VERSION, number(replacement.schemaVersion()));
        item.put(StateItem.CREATED_AT, number(replacement.createdAt().toEpochMilli()));
        item.put(StateItem.UPDATED_AT, number(now.toEpochMilli()));
        item.put(StateItem.WRITE_TOKEN, AttributeValue.fromS(token.value()));
        replacement.expiresAt().ifPresent(at -> {
            item.put(StateItem.EXPIRES_AT, number(at.getEpochSecond()));
            item.put(StateItem.EXPIRY_BUCKET, AttributeValue.fromS(StateItem.expiryBucket(namespace, replacement.key(), at)));
        });
        TraceHeader.current().ifPresent(header -> item.put(StateItem.TRACE_HEADER, AttributeValue.fromS(header)));
        return item;
    }
}
