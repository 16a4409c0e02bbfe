package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.TestStack;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.events.FanOutFunction;
import io.stateapi.events.SqsClients;
import io.stateapi.local.LocalContext;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The fan-out function handed a recorded TTL removal (a {@code REMOVE} whose user is the
 * DynamoDB service; moto never runs the sweeper) publishes {@code expired} and puts back a
 * tombstone that keeps the key's version, unless the key was created again meanwhile.
 */
class TtlRemovalTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-ttl");
    private static final Map<String, AttributeValue> KEY = Map.of(
            StateItem.PK, AttributeValue.fromS("shop"), StateItem.SK, AttributeValue.fromS("sessions/s-1"));

    private static DynamoDbClient dynamoDb;
    private static ResourceBootstrap.QueueUrls queues;
    private static FanOutFunction fanOut;

    @BeforeAll
    static void start() {
        new ResourceBootstrap(TestStack.emulator().endpoint()).createAll(RESOURCES);
        dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of())) {
            queues = ResourceBootstrap.createQueues(sqs, RESOURCES);
        }
        fanOut = new FanOutFunction(new FanOutFunction.Configuration(RESOURCES.environment(), RESOURCES.tableName(),
                queues.changes(), queues.streamFailure(), TestStack.emulator().endpoint(), List.of()));
    }

    @AfterAll
    static void stop() {
        fanOut.close();
        dynamoDb.close();
    }

    @Test
    void aTtlRemovalIsPublishedAsExpiredAndLeavesATombstoneAtTheExpiredVersion() {
        dynamoDb.deleteItem(b -> b.tableName(RESOURCES.tableName()).key(KEY));

        StreamsEventResponse response = fanOut.handleRequest(ttlRemoval(), new LocalContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        Map<String, AttributeValue> item = currentItem();
        assertThat(item.get(StateItem.VERSION).n()).isEqualTo("2");
        assertThat(item.get(StateItem.TOMBSTONE).bool()).isTrue();
        assertThat(item).doesNotContainKeys(StateItem.VALUE, StateItem.EXPIRES_AT);
        try (ChangeQueueReader queue = new ChangeQueueReader(queues.changes())) {
            assertThat(queue.drain()).extracting(ChangeQueueReader.Received::change).contains("expired@2");
        }
    }

    @Test
    void aKeyCreatedAgainBeforeTheTombstoneIsRestoredIsLeftAlone() {
        dynamoDb.putItem(b -> b.tableName(RESOURCES.tableName()).item(Map.of(
                StateItem.PK, AttributeValue.fromS("shop"), StateItem.SK, AttributeValue.fromS("sessions/s-1"),
                StateItem.VERSION, AttributeValue.fromN("1"), StateItem.VALUE, AttributeValue.fromS("\"new\""),
                StateItem.CREATED_AT, AttributeValue.fromN("1"), StateItem.UPDATED_AT, AttributeValue.fromN("1"))));

        StreamsEventResponse response = fanOut.handleRequest(ttlRemoval(), new LocalContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(currentItem().get(StateItem.VALUE).s()).isEqualTo("\"new\"");
        dynamoDb.deleteItem(b -> b.tableName(RESOURCES.tableName()).key(KEY));
    }

    private static DynamodbEvent ttlRemoval() {
        return EventLoader.loadDynamoDbEvent("stream-records/remove-ttl.json");
    }

    private static Map<String, AttributeValue> currentItem() {
        return dynamoDb.getItem(b -> b.tableName(RESOURCES.tableName()).key(KEY).consistentRead(true)).item();
    }
}
