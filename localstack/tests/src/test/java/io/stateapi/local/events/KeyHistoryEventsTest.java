package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.events.FanOutFunction;
import io.stateapi.events.SqsClients;
import io.stateapi.http.Http;
import io.stateapi.local.LocalContext;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The change log behind a key's history (ADR 0036) as the fan-out writes it: a restore is one
 * ordinary change event; a stream record delivered again writes no second history item; a record
 * whose change cannot be recorded is a partial batch failure, retried like a failed publish.
 */
class KeyHistoryEventsTest {

    /** The fan-out run directly on recorded stream records, with resources of its own. */
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-history");
    /** The item of {@code stream-records/insert.json}: tenant acme, namespace shop, key carts/42, version 1. */
    private static final Map<String, AttributeValue> INSERTED = Map.of(
            StateApiResources.ChangeLogTable.PARTITION_KEY, AttributeValue.fromS("acme#shop#carts/42"),
            StateApiResources.ChangeLogTable.SORT_KEY, AttributeValue.fromN("2"));

    private static final AtomicInteger CHANGE_LOG_PUTS = new AtomicInteger();
    private static final AtomicInteger CHANGE_LOG_REFUSALS = new AtomicInteger();
    private static final AtomicBoolean CHANGE_LOG_DOWN = new AtomicBoolean();
    private static DynamoDbClient dynamoDb;
    private static FanOutFunction fanOut;

    @BeforeAll
    static void start() {
        new ResourceBootstrap(TestStack.emulator().endpoint()).createAll(RESOURCES);
        dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        ResourceBootstrap.QueueUrls queues;
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of())) {
            queues = ResourceBootstrap.createQueues(sqs, RESOURCES);
        }
        ExecutionInterceptor changeLogPuts = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (isChangeLogPut(context.request()) && CHANGE_LOG_DOWN.get()) {
                    throw SdkClientException.create("change log unavailable (injected)");
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (isChangeLogPut(context.request())) {
                    CHANGE_LOG_PUTS.incrementAndGet();
                }
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                if (isChangeLogPut(context.request()) && !CHANGE_LOG_DOWN.get()) {
                    CHANGE_LOG_REFUSALS.incrementAndGet();
                }
            }
        };
        fanOut = new FanOutFunction(new FanOutFunction.Configuration(RESOURCES.environment(), RESOURCES.tableName(),
                RESOURCES.catalogTableName(), RESOURCES.changeLogTableName(), queues.changesDeadLetterArn(),
                queues.streamFailure(), TestStack.emulator().endpoint(), List.of(changeLogPuts), 1));
    }

    @AfterAll
    static void stop() {
        if (fanOut != null) {
            fanOut.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    private static boolean isChangeLogPut(Object request) {
        return request instanceof PutItemRequest put && put.tableName().equals(RESOURCES.changeLogTableName());
    }

    /**
     * One test, in order: the injected outage first (nothing recorded, the record named for a
     * retry), then the delivery that records it, then a redelivery that writes nothing.
     */
    @Test
    void aRecordIsRecordedOnceAndAFailureToRecordIsRetriedNotAcknowledged() {
        dynamoDb.deleteItem(b -> b.tableName(RESOURCES.changeLogTableName()).key(INSERTED));
        DynamodbEvent insert = EventLoader.loadDynamoDbEvent("stream-records/insert.json");
        String sequenceNumber = insert.getRecords().getFirst().getDynamodb().getSequenceNumber();

        CHANGE_LOG_DOWN.set(true);
        StreamsEventResponse down = fanOut.handleRequest(insert, new LocalContext());
        CHANGE_LOG_DOWN.set(false);
        assertThat(down.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(sequenceNumber);
        assertThat(changeLogItem()).isEmpty();

        StreamsEventResponse first = fanOut.handleRequest(insert, new LocalContext());
        StreamsEventResponse again = fanOut.handleRequest(insert, new LocalContext());

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(CHANGE_LOG_PUTS.get()).as("history items written").isEqualTo(1);
        assertThat(CHANGE_LOG_REFUSALS.get()).as("puts refused by the condition").isEqualTo(1);
        Map<String, AttributeValue> item = changeLogItem();
        assertThat(item.get("change").s()).isEqualTo("created");
        assertThat(item.get("version").n()).isEqualTo("1");
        assertThat(item.get("value").s()).isEqualTo("{\"items\":[{\"sku\":\"A-1\",\"qty\":1}]}");
        assertThat(item.get("committedAt").n()).isEqualTo("1764489600000");
        // Recorded now (the fan-out's clock, ADR 0037), long after this old commit: kept for the
        // retention from then, the default 7 days, since the namespace is not in this catalog.
        long feedAt = Long.parseLong(item.get(StateApiResources.ChangeLogTable.FEED_SORT_KEY).n());
        assertThat(feedAt).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        assertThat(Long.parseLong(item.get(StateApiResources.ChangeLogTable.TTL_ATTRIBUTE).n()))
                .isEqualTo(feedAt / 1000 + 7 * 86_400L);
    }

    /** On the shared stack, as a tenant of its own whose change queue no other test reads. */
    @Test
    void aRestoreIsExactlyOneOrdinaryUpdatedEventWithTheOldValue() {
        String tenant = "history-" + UUID.randomUUID().toString().substring(0, 8);
        String authorization = "Bearer " + TestStack.issuer().token(tenant, "state:read state:write");
        Http http = new Http(TestStack.shared().api());
        String path = Http.keyPath("docs", "readme");
        try (ChangeQueueReader queue = new ChangeQueueReader(TestStack.shared().changes(), tenant)) {
            for (String title : List.of("one", "two", "three")) {
                assertThat(http.put(path, "{\"value\":{\"title\":\"" + title + "\"}}", "Authorization", authorization)
                        .statusCode()).isIn(200, 201);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> http.get(path + "/versions", "Authorization", authorization)
                    .body().contains("\"version\":3"));
            queue.awaitCaughtUp();

            HttpResponse<String> restored = http.send("POST", path + "/versions/1/restore",
                    "".getBytes(StandardCharsets.UTF_8), "Authorization", authorization);
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            queue.awaitCaughtUp();

            assertThat(queue.changesOf("readme")).containsExactly("created@1", "updated@2", "updated@3", "updated@4");
            ChangeQueueReader.Received restore = queue.drain().getLast();
            assertThat(restore.event().path("data").path("value").path("title").asText()).isEqualTo("one");
            assertThat(restore.event().path("data").path("previousValue").path("title").asText()).isEqualTo("three");
        }
    }

    private static Map<String, AttributeValue> changeLogItem() {
        return dynamoDb.getItem(b -> b.tableName(RESOURCES.changeLogTableName()).key(INSERTED).consistentRead(true))
                .item();
    }
}
