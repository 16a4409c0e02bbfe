package io.stateapi.local.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.events.SqsClients;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Faults in SNS during fan-out (ADR 0038), injected with SDK interceptors on the fan-out's real
 * SNS client against the emulator: refused {@code PublishBatch} entries (some of which did reach
 * the topic) and throttled calls (after the topic took the messages). Whatever fails, each
 * subscription receives every matching change once, in version order per key.
 */
class SubscriptionFaultInjectionTest {

    /** More keys than fit one PublishBatch, so a backlog is published in concurrent calls. */
    private static final List<String> KEYS = IntStream.rangeClosed(1, 12).mapToObj(i -> "orders/" + i).toList();
    private static final List<String> LIFECYCLE = List.of("created@1", "updated@2", "updated@3", "deleted@4", "created@5");
    private static final StreamPoller.Settings FAST_RETRIES = StreamPoller.Settings.local()
            .withMaximumRetryAttempts(6)
            .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200));

    private LocalStack stack;
    private SqsClient sqs;

    @AfterEach
    void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void topicEntriesSnsRefusesAreRetriedWithoutLossDuplicatesOrReorderingAtEverySubscription() throws IOException {
        SnsFaults.RefusedEntries refused = new SnsFaults.RefusedEntries(4);
        start("subfaults-entries", refused);

        assertEverySubscriptionGetsItsChangesExactlyOnceInOrder();
        assertThat(refused.refusals()).isPositive();
    }

    @Test
    void throttledPublishBatchCallsAreRetriedWithoutLossDuplicatesOrReorderingAtEverySubscription() throws IOException {
        SnsFaults.Throttling throttling = new SnsFaults.Throttling(2);
        start("subfaults-throttle", throttling);

        assertEverySubscriptionGetsItsChangesExactlyOnceInOrder();
        assertThat(throttling.throttled()).isPositive();
    }

    private void start(String environment, software.amazon.awssdk.core.interceptor.ExecutionInterceptor fault)
            throws IOException {
        stack = LocalStack.start(TestStack.emulator(), StateApiResources.forEnvironment(environment), 0,
                ChangePipeline.Options.defaults().withSettings(FAST_RETRIES).withPublishConcurrency(2)
                        .withFanOutInterceptors(fault), TestStack.issuer());
        sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
    }

    private void assertEverySubscriptionGetsItsChangesExactlyOnceInOrder() {
        SubscriptionsApi api = new SubscriptionsApi(stack.apiEndpoint(), "faults");
        api.createNamespace("shop");
        SubscriptionQueueReader everything = new SubscriptionQueueReader(sqs,
                api.created("shop", "{\"name\":\"everything\",\"prefix\":\"orders/\"}").get("queueUrl").asText());
        SubscriptionQueueReader deletes = new SubscriptionQueueReader(sqs, api.created("shop",
                "{\"name\":\"deletes\",\"types\":[\"deleted\"],\"includeValues\":false}").get("queueUrl").asText());

        // One backlog, so the function publishes many keys in waves of concurrent calls.
        stack.changes().poller().setEnabled(false);
        for (int step = 0; step < LIFECYCLE.size(); step++) {
            for (String key : KEYS) {
                int status = step == 3 ? api.deleteKey("shop", key).statusCode()
                        : api.put("shop", key, "{\"step\":" + step + "}").statusCode();
                assertThat(status).isBetween(200, 204);
            }
        }
        stack.changes().poller().setEnabled(true);
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(120)).until(() -> poller.idleRounds() >= mark + 2);

        // Read once the pipeline is idle: moto de-duplicates only against messages still queued.
        List<JsonNode> all = everything.poll();
        for (String key : KEYS) {
            assertThat(everything.changesOf(key)).as(key).containsExactlyElementsOf(LIFECYCLE);
            assertThat(deletes.changesOf(key)).as(key).containsExactly("deleted@4");
        }
        assertThat(all).hasSize(KEYS.size() * LIFECYCLE.size());
        assertThat(all).extracting(e -> e.get("id").asText()).doesNotHaveDuplicates();
        assertThat(deletes.poll()).hasSize(KEYS.size());
        assertThat(poller.statistics().batchesToFailureDestination()).as("nothing given up").isZero();
    }
}
