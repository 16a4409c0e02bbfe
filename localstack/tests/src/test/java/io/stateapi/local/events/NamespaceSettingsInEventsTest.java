package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbExpirySweeper;
import io.stateapi.http.Http;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The fan-out applies the namespace settings kept in the catalog (ADR 0025), end to end: writes
 * over HTTP through the local gateway, the real change pipeline, the tenant's FIFO queue, and the
 * namespace as {@code GET /v1/namespaces/{ns}} describes it.
 */
class NamespaceSettingsInEventsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-settings");
    private static final Duration PLENTY = Duration.ofMinutes(1);
    /** How many times one invocation of the fan-out sends an entry SQS refuses (BatchCall). */
    private static final int BATCH_CALL_ATTEMPTS = 3;
    private static final StreamPoller.Settings FAST_RETRIES = StreamPoller.Settings.local()
            .withMaximumRetryAttempts(4)
            .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200));

    private static LocalStack stack;
    private static Http http;
    private static ChangeQueueReader queue;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStack.start(TestStack.emulator(), RESOURCES, 0, TestStack.issuer());
        stack.expirySweeps().setEnabled(false);
        http = new Http(stack.apiEndpoint());
        queue = new ChangeQueueReader(stack.changes());
        dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void createdDeletedAndExpiredKeysMoveTheNamespacesApproximateKeyCount() {
        String ns = TestStack.uniqueNamespace("counted");
        StateApiHttp keys = new StateApiHttp(stack.apiEndpoint(), ns);
        for (String key : List.of("a", "b", "c")) {
            assertThat(keys.put(key, "1").statusCode()).isEqualTo(201);
        }
        awaitKeyCount(http, ns, 3);

        assertThat(keys.put("a", "2").statusCode()).as("an update").isEqualTo(200);
        assertThat(keys.delete("b").statusCode()).isEqualTo(204);
        awaitKeyCount(http, ns, 2);

        Instant expiresAt = Instant.parse(Http.json(keys.putWithTtl("d", "1", 1)).get("expiresAt").asText());
        awaitKeyCount(http, ns, 3);
        assertThat(new DynamoDbExpirySweeper(dynamoDb, RESOURCES.tableName()).sweep(expiresAt, PLENTY).swept())
                .isEqualTo(1);
        awaitKeyCount(http, ns, 2);

        assertThat(keys.put("b", "3").statusCode()).as("created again after its delete").isEqualTo(201);
        awaitKeyCount(http, ns, 3);
        awaitPipelineCaughtUp(stack);
        assertThat(keyCount(http, ns)).isEqualTo(3);
    }

    @Test
    void aNamespaceCreatedWithoutEventValuesGetsEventsWithoutValuesOnTheTenantsQueue() {
        String hidden = TestStack.uniqueNamespace("novalues");
        String shown = TestStack.uniqueNamespace("values");
        assertThat(http.put("/v1/namespaces/" + hidden, "{\"eventValues\":false}").statusCode()).isEqualTo(201);
        StateApiHttp hiddenKeys = new StateApiHttp(stack.apiEndpoint(), hidden);
        StateApiHttp shownKeys = new StateApiHttp(stack.apiEndpoint(), shown);

        assertThat(hiddenKeys.put("k", "{\"secret\":\"first-hidden\"}").statusCode()).isEqualTo(201);
        assertThat(hiddenKeys.put("k", "{\"secret\":\"second-hidden\"}").statusCode()).isEqualTo(200);
        assertThat(hiddenKeys.delete("k").statusCode()).isEqualTo(204);
        assertThat(shownKeys.put("k", "{\"secret\":\"shown\"}").statusCode()).isEqualTo(201);
        awaitPipelineCaughtUp(stack);

        List<ChangeQueueReader.Received> events = queue.drain();
        List<ChangeQueueReader.Received> ofHidden = of(events, hidden);
        assertThat(ofHidden).extracting(ChangeQueueReader.Received::change)
                .containsExactly("created@1", "updated@2", "deleted@3");
        assertThat(ofHidden).allSatisfy(received -> {
            JsonNode data = received.event().path("data");
            assertThat(data.path("valueOmitted").asBoolean()).isTrue();
            assertThat(data.has("value")).isFalse();
            assertThat(data.has("previousValue")).isFalse();
            assertThat(received.event().toString()).doesNotContain("hidden");
        });
        assertThat(of(events, shown)).singleElement().satisfies(received -> {
            assertThat(received.event().path("data").path("valueOmitted").asBoolean()).isFalse();
            assertThat(received.event().path("data").path("value").path("secret").asText()).isEqualTo("shown");
        });
    }

    /**
     * SQS refuses one key's entry more often than one invocation tries it, so the batch is
     * published in part and retried from that record on (ADR 0021), the records after it
     * included: a retried record's changes are counted once, when it is done, not every time
     * it is handled.
     */
    @Test
    void aBatchRetriedAfterSqsRefusedSomeEntriesCountsEachChangeOnce() throws IOException {
        SqsFaults.RefusedEntries refused = SqsFaults.RefusedEntries.whenBodyContains("\"k/7\"", BATCH_CALL_ATTEMPTS + 1);
        try (LocalStack faulty = LocalStack.start(TestStack.emulator(), StateApiResources.forEnvironment("events-counted"),
                0, ChangePipeline.Options.defaults().withSettings(FAST_RETRIES).withPublishConcurrency(2)
                        .withFanOutInterceptors(refused), TestStack.issuer())) {
            faulty.expirySweeps().setEnabled(false);
            String ns = TestStack.uniqueNamespace("retried");
            StateApiHttp keys = new StateApiHttp(faulty.apiEndpoint(), ns);
            faulty.changes().poller().setEnabled(false);
            List<String> names = IntStream.rangeClosed(1, 12).mapToObj(i -> "k/" + i).toList();
            names.forEach(key -> assertThat(keys.put(key, "1").statusCode()).isEqualTo(201));
            names.subList(0, 5).forEach(key -> assertThat(keys.delete(key).statusCode()).isEqualTo(204));
            faulty.changes().poller().setEnabled(true);

            Http faultyHttp = new Http(faulty.apiEndpoint());
            awaitKeyCount(faultyHttp, ns, 7);
            awaitPipelineCaughtUp(faulty);
            assertThat(refused.refusals()).as("refusals: more than one invocation's attempts")
                    .isGreaterThan(BATCH_CALL_ATTEMPTS);
            assertThat(keyCount(faultyHttp, ns)).isEqualTo(7);
            assertThat(StreamFailureQueue.messages(faulty.changes().queues().streamFailure())).isEmpty();
        }
    }

    private static List<ChangeQueueReader.Received> of(List<ChangeQueueReader.Received> events, String namespace) {
        return events.stream().filter(r -> r.event().path("data").path("namespace").asText().equals(namespace)).toList();
    }

    private static long keyCount(Http client, String namespace) {
        HttpResponse<String> described = client.get("/v1/namespaces/" + namespace);
        assertThat(described.statusCode()).isEqualTo(200);
        return Http.json(described).get("approximateKeyCount").asLong();
    }

    private static void awaitKeyCount(Http client, String namespace, long expected) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(keyCount(client, namespace)).isEqualTo(expected));
    }

    /** Waits until the poller has handled every stream record written so far. */
    private static void awaitPipelineCaughtUp(LocalStack local) {
        StreamPoller poller = local.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(90)).until(() -> poller.idleRounds() >= mark + 2);
    }
}
