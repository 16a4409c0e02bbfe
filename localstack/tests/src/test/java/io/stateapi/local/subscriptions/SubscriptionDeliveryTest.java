package io.stateapi.local.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.events.SqsClients;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Subscriptions end to end on the shared stack (ADR 0038): writes over HTTP, the fan-out
 * publishing to the tenant's SNS FIFO topics, the emulator delivering to each subscription's
 * queue through its filter policy, and consumers reading those queues.
 */
class SubscriptionDeliveryTest {

    private static SqsClient sqs;

    @BeforeAll
    static void clients() {
        TestStack.shared();
        sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
    }

    @AfterAll
    static void close() {
        sqs.close();
    }

    @Test
    void twoSubscriptionsWithDifferentFiltersEachReceiveExactlyTheirChangesInVersionOrder() {
        TestStack stack = TestStack.shared();
        String tenant = "subs-" + UUID.randomUUID().toString().substring(0, 8);
        String namespace = "shop";
        SubscriptionsApi api = new SubscriptionsApi(stack.api(), tenant);
        assertThat(api.createNamespace(namespace).statusCode()).isEqualTo(201);
        JsonNode orders = api.created(namespace, "{\"name\":\"orders\",\"prefix\":\"orders/\"}");
        JsonNode removals = api.created(namespace,
                "{\"name\":\"removals\",\"types\":[\"deleted\",\"expired\"],\"includeValues\":false}");
        SubscriptionQueueReader ordersConsumer = new SubscriptionQueueReader(sqs, orders.get("queueUrl").asText());
        SubscriptionQueueReader removalsConsumer = new SubscriptionQueueReader(sqs, removals.get("queueUrl").asText());

        // Another tenant, the same namespace name and keys: reaches neither subscription.
        SubscriptionsApi other = new SubscriptionsApi(stack.api(), tenant + "-x");
        other.createNamespace(namespace);
        other.put(namespace, "orders/1", "{\"other\":true}");
        other.deleteKey(namespace, "orders/1");

        removalsConsumer.stop();
        api.put(namespace, "orders/1", "{\"n\":1}");
        api.put(namespace, "orders/1", "{\"n\":2}");
        api.put(namespace, "carts/9", "{\"n\":1}");
        api.put(namespace, "orders/2", "{\"n\":1}");
        api.deleteKey(namespace, "carts/9");
        awaitCaughtUp(stack);
        await().atMost(Duration.ofSeconds(30)).until(() -> ordersConsumer.poll().size() == 3);
        assertThat(removalsConsumer.poll()).as("stopped").isEmpty();

        removalsConsumer.start();
        ordersConsumer.stop();
        api.deleteKey(namespace, "orders/1");
        api.put(namespace, "orders/2", "{\"n\":2}");
        awaitCaughtUp(stack);
        await().atMost(Duration.ofSeconds(30)).until(() -> removalsConsumer.poll().size() == 2);
        ordersConsumer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> ordersConsumer.poll().size() == 5);

        assertThat(ordersConsumer.byKey()).containsOnlyKeys("orders/1", "orders/2");
        assertThat(ordersConsumer.changesOf("orders/1")).containsExactly("created@1", "updated@2", "deleted@3");
        assertThat(ordersConsumer.changesOf("orders/2")).containsExactly("created@1", "updated@2");
        assertThat(removalsConsumer.byKey()).containsOnlyKeys("carts/9", "orders/1");
        assertThat(removalsConsumer.changesOf("carts/9")).containsExactly("deleted@2");
        assertThat(removalsConsumer.changesOf("orders/1")).containsExactly("deleted@3");
        assertThat(ordersConsumer.poll()).allSatisfy(event -> assertThat(event.path("tenant").asText()).isEqualTo(tenant));
        assertThat(removalsConsumer.poll()).allSatisfy(event -> assertThat(event.path("tenant").asText()).isEqualTo(tenant));
    }

    @Test
    void aSubscriptionWithoutValuesGetsNoValuesAndOneWithValuesGetsThem() {
        TestStack stack = TestStack.shared();
        String tenant = "subs-" + UUID.randomUUID().toString().substring(0, 8);
        SubscriptionsApi api = new SubscriptionsApi(stack.api(), tenant);
        api.createNamespace("docs");
        SubscriptionQueueReader keysOnly = new SubscriptionQueueReader(sqs,
                api.created("docs", "{\"name\":\"keys-only\",\"includeValues\":false}").get("queueUrl").asText());
        SubscriptionQueueReader withValues = new SubscriptionQueueReader(sqs,
                api.created("docs", "{\"name\":\"with-values\"}").get("queueUrl").asText());

        api.put("docs", "a", "{\"secret\":\"s1\"}");
        api.put("docs", "a", "{\"secret\":\"s2\"}");
        awaitCaughtUp(stack);

        await().atMost(Duration.ofSeconds(30)).until(() -> keysOnly.poll().size() == 2 && withValues.poll().size() == 2);
        assertThat(keysOnly.changesOf("a")).containsExactly("created@1", "updated@2");
        assertThat(keysOnly.poll()).allSatisfy(event -> {
            assertThat(event.path("data").path("valueOmitted").asBoolean()).isTrue();
            assertThat(event.path("data").has("value")).isFalse();
            assertThat(event.toString()).doesNotContain("s1").doesNotContain("s2");
        });
        assertThat(withValues.poll().getLast().path("data").path("value").path("secret").asText()).isEqualTo("s2");
        assertThat(withValues.poll().getLast().path("data").path("previousValue").path("secret").asText()).isEqualTo("s1");
    }

    @Test
    void aSubscriptionReceivesNothingCommittedBeforeItWasCreated() {
        TestStack stack = TestStack.shared();
        String tenant = "subs-" + UUID.randomUUID().toString().substring(0, 8);
        SubscriptionsApi api = new SubscriptionsApi(stack.api(), tenant);
        api.createNamespace("late");
        api.put("late", "k", "1");
        awaitCaughtUp(stack);
        SubscriptionQueueReader consumer = new SubscriptionQueueReader(sqs,
                api.created("late", "{\"name\":\"late\"}").get("queueUrl").asText());

        api.put("late", "k", "2");
        awaitCaughtUp(stack);

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.poll().size() == 1);
        assertThat(consumer.changesOf("k")).containsExactly("updated@2");
    }

    /** Waits until the poller has handled every stream record written so far. */
    static void awaitCaughtUp(TestStack stack) {
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> poller.idleRounds() >= mark + 2);
    }
}
