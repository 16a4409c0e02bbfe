package io.stateapi.local.events;

import io.stateapi.resources.Metrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.events.FanOutFunction;
import io.stateapi.events.SqsClients;
import io.stateapi.json.StateJson;
import io.stateapi.local.LocalContext;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.resources.StateApiResources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Items removed outside the API: nothing in the service deletes an item (ADR 0008), but an
 * operator's {@code DeleteItem} can, and so could DynamoDB's TTL on a table deployed before
 * TTL was turned off. The fan-out function, handed the recorded {@code REMOVE}, publishes what
 * it means and puts back a tombstone that keeps the key's version; when it cannot, because the
 * key was created again first, it counts {@code VersionFloorLost} for the alarm.
 */
class OutOfBandRemovalTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-removal");
    /** The tenant of the recorded stream records' items ({@code acme#shop}). */
    private static final String TENANT = "acme";
    private static final Map<String, AttributeValue> KEY = Map.of(
            StateItem.PK, AttributeValue.fromS(TENANT + "#shop"), StateItem.SK, AttributeValue.fromS("sessions/s-1"));

    private static final List<String> METRICS = new CopyOnWriteArrayList<>();
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
                RESOURCES.catalogTableName(), queues.changesDeadLetterArn(), queues.streamFailure(), TestStack.emulator().endpoint(), List.of()),
                new EmbeddedMetrics(RESOURCES.environment(), METRICS::add, Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        fanOut.close();
        dynamoDb.close();
    }

    @BeforeEach
    void noItemNoMetrics() {
        dynamoDb.deleteItem(b -> b.tableName(RESOURCES.tableName()).key(KEY));
        METRICS.clear();
    }

    @Test
    void aTtlRemovalIsPublishedAsExpiredAndLeavesATombstoneAtTheExpiredVersion() {
        StreamsEventResponse response = fanOut.handleRequest(record("remove-ttl.json"), new LocalContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        Map<String, AttributeValue> item = currentItem();
        assertThat(item.get(StateItem.VERSION).n()).isEqualTo("2");
        assertThat(item.get(StateItem.TOMBSTONE).bool()).isTrue();
        assertThat(item).doesNotContainKeys(StateItem.VALUE, StateItem.EXPIRES_AT, StateItem.EXPIRY_BUCKET);
        try (ChangeQueueReader queue = new ChangeQueueReader(tenantQueueUrl(), TENANT)) {
            assertThat(queue.drain()).extracting(ChangeQueueReader.Received::change).contains("expired@2");
        }
        assertThat(alarmMetrics()).isEmpty();
    }

    @Test
    void aTombstoneRemovedOutsideTheApiIsPutBack() {
        StreamsEventResponse response = fanOut.handleRequest(record("remove-tombstone.json"), new LocalContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(currentItem().get(StateItem.VERSION).n()).isEqualTo("3");
        assertThat(currentItem().get(StateItem.TOMBSTONE).bool()).isTrue();
        assertThat(alarmMetrics()).isEmpty();
        assertThat(METRICS).filteredOn(line -> line.contains("\"" + Metrics.VERSION_FLOORS_KEPT + "\""))
                .singleElement().satisfies(line -> assertThat(StateJson.parse(line.getBytes(StandardCharsets.UTF_8))
                        .path("floorVersion").asText()).isEqualTo("3"));
    }

    @Test
    void aKeyCreatedAgainBeforeTheTombstoneIsPutBackIsLeftAloneAndTheLostFloorIsCounted() {
        dynamoDb.putItem(b -> b.tableName(RESOURCES.tableName()).item(Map.of(
                StateItem.PK, AttributeValue.fromS(TENANT + "#shop"), StateItem.SK, AttributeValue.fromS("sessions/s-1"),
                StateItem.VERSION, AttributeValue.fromN("1"), StateItem.VALUE, AttributeValue.fromS("\"new\""),
                StateItem.CREATED_AT, AttributeValue.fromN("1"), StateItem.UPDATED_AT, AttributeValue.fromN("1"))));

        StreamsEventResponse response = fanOut.handleRequest(record("remove-ttl.json"), new LocalContext());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(currentItem().get(StateItem.VALUE).s()).isEqualTo("\"new\"");
        assertThat(alarmMetrics()).singleElement().satisfies(line -> {
            JsonNode metric = StateJson.parse(line.getBytes(StandardCharsets.UTF_8));
            assertThat(metric.path(Metrics.VERSION_FLOOR_LOST).asInt()).isEqualTo(1);
            assertThat(metric.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Name")
                    .asText()).isEqualTo(Metrics.VERSION_FLOOR_LOST);
            assertThat(metric.path("Environment").asText()).isEqualTo(RESOURCES.environment());
            assertThat(metric.path("namespace").asText()).isEqualTo("shop");
            assertThat(metric.path("key").asText()).isEqualTo("sessions/s-1");
            assertThat(metric.path("floorVersion").asText()).isEqualTo("2");
        });
    }

    /** The tenant's change queue, which the fan-out function made on its first event. */
    private static String tenantQueueUrl() {
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of())) {
            return sqs.getQueueUrl(b -> b.queueName(RESOURCES.tenantEventsQueueName(TENANT))).queueUrl();
        }
    }

    private static DynamodbEvent record(String resource) {
        return EventLoader.loadDynamoDbEvent("stream-records/" + resource);
    }

    private static Map<String, AttributeValue> currentItem() {
        return dynamoDb.getItem(b -> b.tableName(RESOURCES.tableName()).key(KEY).consistentRead(true)).item();
    }

    /** The metric lines an alarm watches (not the batches' own EventsPublished lines, nor the floors kept). */
    private static List<String> alarmMetrics() {
        return METRICS.stream().filter(line -> !line.contains("\"" + Metrics.EVENTS_PUBLISHED + "\"")
                && !line.contains("\"" + Metrics.VERSION_FLOORS_KEPT + "\"")).toList();
    }
}
