package io.stateapi.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The change subscriber on a real (emulated) SQS FIFO queue carrying events of the published shape. */
class ChangeSubscriberTest {

    record Cart(List<String> items) {
    }

    private ChangeQueue queue;
    private final List<ChangeEvent> handled = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void queue() {
        queue = new ChangeQueue("events");
    }

    @AfterEach
    void deleteQueue() {
        queue.close();
    }

    private ChangeSubscriber.Builder subscriber(ChangeHandler handler) {
        return ChangeSubscriber.builder()
                .sqsClient(queue.sqs)
                .queueUrl(queue.url)
                .handler(handler)
                .failureListener((id, event, error) -> failures.add(event + ": " + error))
                .waitTime(Duration.ofSeconds(1))
                .retryDelay(Duration.ZERO);
    }

    private static JsonNode cart(String... items) {
        return ChangeQueue.json("{\"items\":[" + String.join(",", List.of(items).stream().map(i -> "\"" + i + "\"").toList()) + "]}");
    }

    private void publishSequence(String key, int versions) {
        queue.publish(key, "created", 1, cart("v1"));
        for (long v = 2; v < versions; v++) {
            queue.publish(key, "updated", v, v - 1, cart("v" + v), cart("v" + (v - 1)), 0);
        }
        queue.publish(key, "deleted", versions, (long) versions - 1, null, cart("v" + (versions - 1)), 0);
    }

    private List<Long> versionsOf(String key) {
        return handled.stream().filter(e -> e.key().equals(key)).map(ChangeEvent::version).toList();
    }

    @Test
    void everyEventOfAWriteSequenceIsHandledInOrderAndAcknowledged() {
        publishSequence("users/42", 6);

        try (ChangeSubscriber subscriber = subscriber(handled::add).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 6);
        }

        assertThat(versionsOf("users/42")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(handled).extracting(ChangeEvent::changeType).containsExactly(
                ChangeType.CREATED, ChangeType.UPDATED, ChangeType.UPDATED, ChangeType.UPDATED, ChangeType.UPDATED, ChangeType.DELETED);
        assertThat(queue.drain(1)).isEmpty();
    }

    @Test
    void aHandlerThatThrowsGetsTheEventAgainAndLaterEventsOfTheKeyWaitForIt() {
        publishSequence("users/42", 5);
        AtomicInteger deliveriesOfThree = new AtomicInteger();

        try (ChangeSubscriber subscriber = subscriber(event -> {
            if (event.version() == 3 && deliveriesOfThree.incrementAndGet() == 1) {
                throw new IllegalStateException("downstream unavailable");
            }
            handled.add(event);
        }).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 5);
        }

        assertThat(versionsOf("users/42")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(deliveriesOfThree).hasValue(2);
        assertThat(failures).singleElement().asString().contains("downstream unavailable");
        assertThat(queue.drain(1)).isEmpty();
    }

    @Test
    void onlyHandledEventsAreAcknowledged() {
        publishSequence("users/1", 3);
        queue.publish("poison", "created", 1, cart("x"));
        AtomicInteger poisonDeliveries = new AtomicInteger();

        try (ChangeSubscriber subscriber = subscriber(event -> {
            if (event.key().equals("poison")) {
                poisonDeliveries.incrementAndGet();
                throw new IllegalStateException("cannot handle");
            }
            handled.add(event);
        }).retryDelay(Duration.ofSeconds(1)).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 3 && poisonDeliveries.get() >= 2);
        }

        assertThat(versionsOf("users/1")).containsExactly(1L, 2L, 3L);
        assertThat(queue.drain(5)).singleElement()
                .satisfies(m -> assertThat(m.body()).contains("\"key\":\"poison\""));
    }

    @Test
    void eventsOfAnAlreadyHandledVersionAreDroppedAndAcknowledged() {
        queue.publish("k", "created", 1, null, cart("a"), null, 0);
        queue.publish("k", "updated", 2, 1L, cart("b"), cart("a"), 0);
        queue.publish("k", "created", 1, null, cart("a"), null, 1);
        queue.publish("k", "updated", 2, 1L, cart("b"), cart("a"), 1);
        queue.publish("k", "updated", 3, 2L, cart("c"), cart("b"), 0);

        try (ChangeSubscriber subscriber = subscriber(handled::add).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> versionsOf("k").contains(3L));
            assertThat(subscriber.handledCount()).isEqualTo(3);
        }

        assertThat(versionsOf("k")).containsExactly(1L, 2L, 3L);
        assertThat(queue.drain(1)).isEmpty();
    }

    @Test
    void eventsOfManyKeysAreHandledInParallelButInOrderPerKey() {
        List<String> keys = List.of("a", "b", "c", "d", "e");
        for (long v = 1; v <= 6; v++) {
            for (String key : keys) {
                queue.publish(key, v == 1 ? "created" : "updated", v, v == 1 ? null : v - 1, cart(key + v), null, 0);
            }
        }
        Map<String, List<Long>> perKey = new ConcurrentHashMap<>();

        try (ChangeSubscriber subscriber = subscriber(event -> {
            perKey.computeIfAbsent(event.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(event.version());
            handled.add(event);
        }).concurrency(4).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 30);
        }

        Map<String, List<Long>> expected = new LinkedHashMap<>();
        keys.forEach(k -> expected.put(k, List.of(1L, 2L, 3L, 4L, 5L, 6L)));
        assertThat(perKey).isEqualTo(expected);
    }

    @Test
    void eventsCarryTypedValuesAndToleratesUnknownMembers() {
        var event = queue.event("users/42", "updated", 2, 1L, cart("apple", "pear"), cart("apple"));
        event.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("data")).put("somethingNew", true);
        queue.publishBody("users/42", event.toString(), "typed-1");
        var omitted = queue.event("users/42", "updated", 3, 2L, null, null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) omitted.get("data")).put("valueOmitted", true);
        queue.publishBody("users/42", omitted.toString(), "typed-2");

        try (ChangeSubscriber subscriber = subscriber(handled::add).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 2);
        }

        ChangeEvent first = handled.get(0);
        assertThat(first.value(Cart.class)).contains(new Cart(List.of("apple", "pear")));
        assertThat(first.previousValue(Cart.class)).contains(new Cart(List.of("apple")));
        assertThat(first.previousVersion()).hasValue(1);
        assertThat(first.namespace()).isEqualTo(queue.namespace);
        assertThat(first.source()).isEqualTo("/state-api/" + ChangeQueue.ENVIRONMENT + "/namespaces/" + queue.namespace);
        assertThat(first.valueOmitted()).isFalse();
        ChangeEvent second = handled.get(1);
        assertThat(second.valueOmitted()).isTrue();
        assertThat(second.value()).isEmpty();
    }

    @Test
    void aMessageThatIsNotAChangeEventIsReportedAndNotAcknowledged() {
        queue.publishBody("junk", "{\"hello\":\"world\"}", "junk-1");

        try (ChangeSubscriber subscriber = subscriber(handled::add).retryDelay(Duration.ofSeconds(1)).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !failures.isEmpty());
        }

        assertThat(handled).isEmpty();
        assertThat(failures.get(0)).startsWith("null: ");
        assertThat(queue.drain(5)).hasSize(1);
    }

    @Test
    void aSlowHandlersEventStaysHiddenFromOtherConsumersWhileItRuns() throws Exception {
        queue.publish("k", "created", 1, cart("a"));
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        try (ChangeSubscriber subscriber = subscriber(event -> {
            inHandler.countDown();
            release.await();
            handled.add(event);
        }).visibilityTimeout(Duration.ofSeconds(3)).build().start()) {
            try {
                assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();

                // well past the 3 s visibility timeout, another consumer still gets nothing
                assertThat(queue.sqs.receiveMessage(r -> r.queueUrl(queue.url).waitTimeSeconds(8)).messages()).isEmpty();
            } finally {
                release.countDown();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 1);
        }
        assertThat(queue.drain(1)).isEmpty();
    }

    @Test
    void closeLetsTheRunningHandlerFinishAndPutsBackWhatWasNotStarted() throws Exception {
        queue.publish("k", "created", 1, cart("a"));
        queue.publish("k", "updated", 2, cart("b"));
        queue.publish("k", "updated", 3, cart("c"));
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChangeSubscriber subscriber = subscriber(event -> {
            if (event.version() == 1) {
                inHandler.countDown();
                release.await();
            }
            handled.add(event);
        }).concurrency(1).build().start();
        Thread closer;
        try {
            assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
            closer = Thread.ofPlatform().start(subscriber::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.WAITING);
        } finally {
            release.countDown();
        }
        closer.join();

        assertThat(subscriber.isRunning()).isFalse();
        assertThat(versionsOf("k")).containsExactly(1L);
        // version 1 was acknowledged; 2 and 3 went back to the queue, in order
        assertThat(queue.drain(5)).extracting(m -> ChangeQueue.json(m.body()).path("data").path("version").asLong())
                .containsExactly(2L, 3L);
    }
}
