package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.local.TestStack;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes through the HTTP API of the local stack arrive on the writing tenant's FIFO change
 * queue as schema-valid CloudEvents, one per committed change, in version order per key.
 */
class ChangeEventsEndToEndTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-e2e");
    private static final String NAMESPACE = "e2e";

    private static LocalStack stack;
    private static ChangeQueueReader queue;
    private static StateApiHttp http;

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStack.start(TestStack.emulator(), RESOURCES, 0, TestStack.issuer());
        // These tests say when the sweeper has or has not run; ExpiryEventsTest runs it.
        stack.expirySweeps().setEnabled(false);
        queue = new ChangeQueueReader(stack.changes());
        http = new StateApiHttp(stack.apiEndpoint(), NAMESPACE);
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void createUpdatesDeleteAndRecreateArriveOnceEachInVersionOrder() {
        String key = "lifecycle/cart";
        assertThat(http.put(key, "{\"items\":[]}").statusCode()).isEqualTo(201);
        assertThat(http.put(key, "{\"items\":[\"a\"]}").statusCode()).isEqualTo(200);
        assertThat(http.put(key, "{\"items\":[\"a\",\"b\"]}").statusCode()).isEqualTo(200);
        assertThat(http.delete(key).statusCode()).isEqualTo(204);
        assertThat(http.put(key, "{\"items\":[\"c\"]}").statusCode()).isEqualTo(201);

        awaitPipelineCaughtUp();

        assertThat(changesOf(key)).containsExactly("created@1", "updated@2", "updated@3", "deleted@4", "created@5");
        List<ChangeQueueReader.Received> events = received(key);
        assertThat(events.get(1).event().path("data").path("previousValue").path("items")).isEmpty();
        assertThat(events.get(1).event().path("data").path("value").path("items").get(0).asText()).isEqualTo("a");
        assertThat(events.get(3).event().path("data").path("previousValue").path("items")).hasSize(2);
        assertThat(events.get(4).event().path("data").path("previousVersion").asLong()).isEqualTo(4);
        assertThat(events).extracting(ChangeQueueReader.Received::groupId).containsOnly(events.getFirst().groupId());
        assertThat(events.getFirst().event().path("source").asText())
                .isEqualTo("/state-api/events-e2e/tenants/" + TestStack.TENANT + "/namespaces/e2e");
    }

    @Test
    void keysWrittenConcurrentlyAndInterleavedKeepTheirOwnOrder() throws Exception {
        List<String> keys = IntStream.range(0, 8).mapToObj(i -> "interleaved/" + i).toList();
        int writesPerKey = 6;
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (String key : keys) {
                done.add(writers.submit(() -> {
                    for (int n = 1; n <= writesPerKey; n++) {
                        assertThat(http.put(key, "{\"n\":" + n + "}").statusCode()).isBetween(200, 201);
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        }

        awaitPipelineCaughtUp();

        List<String> expected = IntStream.rangeClosed(1, writesPerKey)
                .mapToObj(v -> (v == 1 ? "created@" : "updated@") + v).toList();
        for (String key : keys) {
            assertThat(changesOf(key)).as(key).containsExactlyElementsOf(expected);
            assertThat(received(key)).extracting(r -> r.event().path("data").path("value").path("n").asInt())
                    .containsExactly(1, 2, 3, 4, 5, 6);
        }
        Map<String, String> groupOfKey = keys.stream().collect(Collectors.toMap(k -> k, k -> received(k).getFirst().groupId()));
        assertThat(groupOfKey.values()).doesNotHaveDuplicates();
    }

    @Test
    void aKeyDeletedAndCreatedAgainWithinTheDeduplicationWindowIsNotSwallowed() {
        String key = "flapping/flag";
        for (int round = 0; round < 3; round++) {
            http.put(key, "true");
            http.delete(key);
        }

        awaitPipelineCaughtUp();

        assertThat(changesOf(key)).containsExactly(
                "created@1", "deleted@2", "created@3", "deleted@4", "created@5", "deleted@6");
        assertThat(received(key)).extracting(ChangeQueueReader.Received::deduplicationId).doesNotHaveDuplicates();
    }

    @Test
    void everyEventIdIsItsDeduplicationId() {
        String key = "ids/one";
        http.put(key, "1");
        http.put(key, "2");

        awaitPipelineCaughtUp();

        assertThat(received(key)).allSatisfy(r ->
                assertThat(r.event().path("id").asText()).isEqualTo(r.deduplicationId()));
    }

    @Test
    void aKeyCreatedAgainAfterItsTtlPassedButBeforeTheSweeperIsExpiredThenCreated() {
        String key = "ttl/session-recreated";
        assertThat(http.putWithTtl(key, "{\"s\":1}", 1).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(key).statusCode() == 404);

        assertThat(http.put(key, "{\"s\":2}").statusCode()).isEqualTo(201);

        awaitPipelineCaughtUp();
        assertThat(changesOf(key)).containsExactly("created@1", "expired@1", "created@2");
        var expired = received(key).get(1).event();
        assertThat(expired.path("data").path("previousValue").path("s").asInt()).isEqualTo(1);
        assertThat(expired.path("data").path("value").isNull()).isTrue();
    }

    /**
     * An operator deletes an expired item directly (DynamoDB's TTL did so on tables deployed
     * before ADR 0008): the removal is an {@code expired} event, and the fan-out puts back a
     * tombstone so the version history survives it.
     */
    @Test
    void anExpiredItemRemovedOutsideTheApiIsExpiredAndTheKeyKeepsCountingVersions() {
        String key = "ttl/session-swept";
        http.put(key, "{\"s\":1}");
        assertThat(http.putWithTtl(key, "{\"s\":2}", 1).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get(key).statusCode() == 404);
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of())) {
            dynamoDb.deleteItem(b -> b.tableName(RESOURCES.tableName()).key(Map.of(
                    StateItem.PK, AttributeValue.fromS(TestStack.partitionKey(NAMESPACE)), StateItem.SK, AttributeValue.fromS(key))));
            awaitPipelineCaughtUp();

            Map<String, AttributeValue> tombstone = dynamoDb.getItem(b -> b.tableName(RESOURCES.tableName())
                    .consistentRead(true).key(Map.of(StateItem.PK, AttributeValue.fromS(TestStack.partitionKey(NAMESPACE)),
                            StateItem.SK, AttributeValue.fromS(key)))).item();
            assertThat(tombstone.get(StateItem.VERSION).n()).isEqualTo("2");
            assertThat(tombstone.get(StateItem.TOMBSTONE).bool()).isTrue();
        }

        assertThat(http.putIfMatch(key, "{\"s\":0}", 1).statusCode()).as("a stale If-Match").isEqualTo(412);
        var created = http.put(key, "{\"s\":3}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).contains("\"3\"");

        awaitPipelineCaughtUp();
        assertThat(changesOf(key)).containsExactly("created@1", "updated@2", "expired@2", "created@3");
    }

    /** Waits until the poller has handled every stream record written so far, then reads the queue empty. */
    static void awaitPipelineCaughtUp() {
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> poller.idleRounds() >= mark + 2);
        queue.drain();
    }

    private static List<String> changesOf(String key) {
        return queue.changesOf(key);
    }

    private static List<ChangeQueueReader.Received> received(String key) {
        return queue.drain().stream().filter(r -> r.key().equals(key)).toList();
    }
}
