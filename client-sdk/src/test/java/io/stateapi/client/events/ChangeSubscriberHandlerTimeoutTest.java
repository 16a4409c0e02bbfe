package io.stateapi.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.exceptions.HandlerTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A handler that hangs on one key's event, on a real (emulated) SQS FIFO queue with a
 * dead-letter queue: the other keys keep flowing, and the hung event is released, delivered
 * again, and moved to the dead-letter queue after the queue's {@code maxReceiveCount}.
 */
class ChangeSubscriberHandlerTimeoutTest {

    private static final int MAX_RECEIVE_COUNT = 2;

    private ChangeQueue queue;
    private final List<ChangeEvent> handled = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void queue() {
        queue = new ChangeQueue("hung", MAX_RECEIVE_COUNT);
    }

    @AfterEach
    void deleteQueue() {
        release.countDown();
        queue.close();
    }

    private ChangeSubscriber.Builder subscriber(ChangeHandler handler) {
        return ChangeSubscriber.builder()
                .sqsClient(queue.sqs)
                .queueUrl(queue.url)
                .handler(handler)
                .failureListener((id, event, error) -> failures.add(error))
                .waitTime(Duration.ofSeconds(1))
                .visibilityTimeout(Duration.ofSeconds(3))
                .retryDelay(Duration.ZERO);
    }

    private void publishOtherKeys() {
        for (String key : List.of("a", "b", "c")) {
            for (long v = 1; v <= 3; v++) {
                queue.publish(key, v == 1 ? "created" : "updated", v, ChangeQueue.json("{\"v\":" + v + "}"));
            }
        }
    }

    private List<String> otherKeysHandled() {
        return handled.stream().filter(e -> !e.key().equals("stuck")).map(e -> e.key() + "@" + e.version()).toList();
    }

    @Test
    void otherKeysKeepFlowingWhileOneHandlerHangs() throws Exception {
        CountDownLatch stuckEntered = new CountDownLatch(1);
        queue.publish("stuck", "created", 1, ChangeQueue.json("{}"));

        try (ChangeSubscriber subscriber = subscriber(event -> {
            if (event.key().equals("stuck")) {
                stuckEntered.countDown();
                release.await();
            }
            handled.add(event);
        }).concurrency(2).handlerTimeout(Duration.ofMinutes(5)).build().start()) {
            try {
                assertThat(stuckEntered.await(30, TimeUnit.SECONDS)).isTrue();
                publishOtherKeys();

                // every other key is handled while the stuck handler is still inside
                await().atMost(Duration.ofSeconds(60)).until(() -> otherKeysHandled().size() == 9);
                assertThat(handled).noneMatch(e -> e.key().equals("stuck"));
            } finally {
                release.countDown();      // else close() would wait for it
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 10);
        }
        assertThat(otherKeysHandled()).containsExactlyInAnyOrder(
                "a@1", "a@2", "a@3", "b@1", "b@2", "b@3", "c@1", "c@2", "c@3");
        assertThat(failures).isEmpty();
    }

    @Test
    void aHungHandlersEventIsInterruptedRedeliveredAndReachesTheDeadLetterQueue() {
        AtomicInteger deliveries = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        queue.publish("stuck", "created", 1, ChangeQueue.json("{}"));
        publishOtherKeys();
        List<Message> deadLetters = new ArrayList<>();

        try (ChangeSubscriber subscriber = subscriber(event -> {
            if (event.key().equals("stuck")) {
                deliveries.incrementAndGet();
                try {
                    release.await();                      // hangs until interrupted
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                }
            }
            handled.add(event);
        }).handlerTimeout(Duration.ofSeconds(1)).build().start()) {
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    deadLetters.addAll(queue.takeDeadLetters());
                    return !deadLetters.isEmpty() && otherKeysHandled().size() == 9;
                });
                assertThat(subscriber.abandonedHandlerCount()).isZero();
            } finally {
                release.countDown();      // only for a subscriber that never interrupts
            }
        }

        assertThat(deadLetters).singleElement().satisfies(m -> assertThat(m.body()).contains("\"key\":\"stuck\""));
        assertThat(deliveries).hasValue(MAX_RECEIVE_COUNT);
        assertThat(interrupted).hasValue(MAX_RECEIVE_COUNT);
        assertThat(failures).hasSize(MAX_RECEIVE_COUNT).allSatisfy(f -> assertThat(f)
                .isInstanceOfSatisfying(HandlerTimeoutException.class, t -> assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(1))));
        assertThat(queue.drain(1)).isEmpty();
    }

    @Test
    void aHandlerThatIgnoresTheInterruptIsAbandonedAndCountedUntilItReturns() {
        queue.publish("stuck", "created", 1, ChangeQueue.json("{}"));
        AtomicInteger deliveries = new AtomicInteger();

        try (ChangeSubscriber subscriber = subscriber(event -> {
            if (event.key().equals("stuck") && deliveries.incrementAndGet() == 1) {
                while (true) {
                    try {
                        release.await();
                        return;
                    } catch (InterruptedException ignored) {
                        // a handler that will not be stopped
                    }
                }
            }
            handled.add(event);
        }).handlerTimeout(Duration.ofSeconds(1)).maxAbandonedHandlers(1).build().start()) {
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.abandonedHandlerCount() == 1);
            } finally {
                release.countDown();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.abandonedHandlerCount() == 0
                    && handled.stream().anyMatch(e -> e.key().equals("stuck")));
        }
        assertThat(failures).first().isInstanceOf(HandlerTimeoutException.class);
        assertThat(deliveries).hasValue(2);
    }
}
