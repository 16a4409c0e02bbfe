package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.local.TestStack;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.events.SqsClients;
import io.stateapi.json.StateJson;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults in SQS and in the fan-out function itself, injected with SDK interceptors on the
 * real clients against the emulator. Whatever fails, every committed change ends up on the
 * change queue exactly once and in version order per key; what keeps failing ends up in the
 * on-failure destination, from where it can be replayed.
 */
class ChangeEventsFaultInjectionTest {

    /** More keys than fit one SendMessageBatch, so a backlog is published in concurrent calls. */
    private static final List<String> KEYS = java.util.stream.IntStream.rangeClosed(1, 12)
            .mapToObj(i -> "orders/" + i).toList();
    /** What {@link #writeLifecycles} commits for each key. */
    private static final List<String> LIFECYCLE =
            List.of("created@1", "updated@2", "updated@3", "deleted@4", "created@5");

    private static final StreamPoller.Settings FAST_RETRIES = StreamPoller.Settings.local()
            .withMaximumRetryAttempts(4)
            .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200));

    private LocalStack stack;
    private ChangeQueueReader queue;
    private StateApiHttp http;

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void entriesSqsRefusesAreRetriedWithoutLossDuplicatesOrReordering() throws IOException {
        SqsFaults.RefusedEntries refused = SqsFaults.RefusedEntries.everyNth(3);
        start("faults-entries", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES).withPublishConcurrency(2)
                .withFanOutInterceptors(refused));

        writeLifecyclesAsOneBacklog();

        assertEveryChangeExactlyOnceInOrder();
        assertThat(refused.refusals()).isPositive();
    }

    @Test
    void throttledCallsAreRetriedWithoutLossDuplicatesOrReordering() throws IOException {
        SqsFaults.Throttling throttling = new SqsFaults.Throttling(2);
        start("faults-throttle", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES).withPublishConcurrency(2)
                .withFanOutInterceptors(throttling));

        writeLifecyclesAsOneBacklog();

        assertEveryChangeExactlyOnceInOrder();
        assertThat(throttling.throttled()).isPositive();
    }

    @Test
    void callsThatTimeOutAfterSqsTookTheMessagesAreRetriedWithoutDuplicates() throws IOException {
        SqsFaults.SlowAnswers slow = new SqsFaults.SlowAnswers(3, 3, SqsClients.ATTEMPT_TIMEOUT.plusSeconds(1));
        start("faults-timeout", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES).withPublishConcurrency(2)
                .withFanOutInterceptors(slow));

        writeLifecyclesAsOneBacklog();

        assertEveryChangeExactlyOnceInOrder();
        assertThat(slow.delayed()).isPositive();
        assertThat(slow.attempts()).as("attempts beyond the first of a call").isGreaterThan(slow.executions());
    }

    /**
     * Change log puts (ADR 0036) throttled after DynamoDB wrote the item: the client's retry finds
     * the item there (its conditional put fails), which the fan-out takes as recorded. The history
     * lists each version once and the watch (ADR 0037) serves each once, per key in order.
     */
    @Test
    void changeLogPutsThrottledAfterTheWriteAndTheirFailedConditionalRetriesLoseAndDuplicateNothing()
            throws IOException {
        ChangeLogFaults.ThrottledAfterTheWrite throttling = new ChangeLogFaults.ThrottledAfterTheWrite(
                StateApiResources.forEnvironment("faults-log-throttle").changeLogTableName(), 3);
        start("faults-log-throttle", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES)
                .withFanOutInterceptors(throttling));
        String from = watchCursorBeforeTheWrites();

        writeLifecycles();

        assertEveryChangeExactlyOnceInOrder();
        assertHistoryAndWatchHoldEveryVersionOnceInOrder(from);
        assertThat(throttling.throttled()).isPositive();
        assertThat(throttling.conditionsFailed()).as("retries that found their item written").isPositive();
    }

    /**
     * Change log puts throttled on every attempt, so that nothing is written and the fan-out fails
     * the stream record: the record is delivered again, and the history and the watch still hold
     * every version once, per key in order.
     */
    @Test
    void changeLogPutsThrottledThroughoutFailTheirRecordsAndTheRetryLosesAndDuplicatesNothing() throws IOException {
        ChangeLogFaults.ThrottledThroughout throttling = new ChangeLogFaults.ThrottledThroughout(
                StateApiResources.forEnvironment("faults-log-refused").changeLogTableName(), 7, 4);
        start("faults-log-refused", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES)
                .withFanOutInterceptors(throttling));
        String from = watchCursorBeforeTheWrites();

        writeLifecycles();

        assertEveryChangeExactlyOnceInOrder();
        assertHistoryAndWatchHoldEveryVersionOnceInOrder(from);
        assertThat(throttling.refused()).isEqualTo(4);
        assertThat(stack.changes().poller().statistics().functionErrors()).as("failed records are not crashes")
                .isZero();
    }

    @Test
    void aFunctionThatCrashesMidBatchIsRetriedWithoutLossDuplicatesOrReordering() throws IOException {
        AtomicInteger crashes = new AtomicInteger();
        start("faults-crash", ChangePipeline.Options.defaults()
                .withSettings(FAST_RETRIES.withBatchingWindow(Duration.ofMillis(300)))
                .withHandlerDecorator(crashingAfterHalfTheBatch(crashes, 3)));

        writeLifecycles();

        assertEveryChangeExactlyOnceInOrder();
        assertThat(crashes.get()).isEqualTo(3);
        assertThat(stack.changes().poller().statistics().functionErrors()).isEqualTo(3);
    }

    @Test
    void aRecordThatKeepsCrashingTheFunctionIsIsolatedByBisectionAndSentToTheFailureQueue() throws IOException {
        start("faults-poison", ChangePipeline.Options.defaults()
                .withSettings(FAST_RETRIES.withBatchingWindow(Duration.ofMillis(500)))
                .withHandlerDecorator(crashingOn("poison/pill")));

        http.put("healthy/a", "1");
        http.put("poison/pill", "\"boom\"");
        http.put("healthy/b", "2");
        http.put("healthy/a", "3");

        awaitCaughtUp();
        assertThat(queue.changesOf("healthy/a")).containsExactly("created@1", "updated@2");
        assertThat(queue.changesOf("healthy/b")).containsExactly("created@1");
        assertThat(queue.changesOf("poison/pill")).isEmpty();
        List<JsonNode> failures = failureRecords();
        assertThat(failures).hasSize(1);
        JsonNode batch = failures.getFirst().path("DDBStreamBatchInfo");
        assertThat(batch.path("batchSize").asInt()).as("bisected down to the poison record").isEqualTo(1);
        assertThat(failures.getFirst().path("requestContext").path("condition").asText())
                .isEqualTo("RetryAttemptsExhausted");
        assertThat(failures.getFirst().path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
    }

    @Test
    void entriesSqsKeepsRefusingGoToTheFailureQueueAndCanBeReplayedOnceHealed() throws IOException {
        SqsFaults.RefusedEntries refused = SqsFaults.RefusedEntries.whenBodyContains("stuck/key");
        start("faults-replay", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES)
                .withFanOutInterceptors(refused));
        http.put("stuck/key", "1");
        http.put("stuck/key", "2");
        awaitCaughtUp();
        http.put("free/key", "1");
        awaitCaughtUp();

        assertThat(queue.changesOf("stuck/key")).isEmpty();
        assertThat(queue.changesOf("free/key")).containsExactly("created@1");
        List<String> failures = failureMessages();
        assertThat(failures).isNotEmpty();

        refused.heal();
        for (String failure : failures) {
            assertThat(stack.changes().poller().replay(failure).getBatchItemFailures()).isEmpty();
        }

        queue.drain();
        assertThat(queue.changesOf("stuck/key")).containsExactly("created@1", "updated@2");
    }

    private void start(String environment, ChangePipeline.Options options) throws IOException {
        stack = LocalStack.start(TestStack.emulator(), StateApiResources.forEnvironment(environment), 0, options,
                TestStack.issuer());
        queue = new ChangeQueueReader(stack.changes());
        http = new StateApiHttp(stack.apiEndpoint(), "faults");
    }

    /**
     * {@link #writeLifecycles} while the poller is disabled, so that the function gets them as
     * one batch of many keys and publishes it in waves of concurrent calls (the tests that use
     * it let the function make 2 calls at a time, as it makes 8 on AWS).
     */
    private void writeLifecyclesAsOneBacklog() {
        stack.changes().poller().setEnabled(false);
        writeLifecycles();
        stack.changes().poller().setEnabled(true);
    }

    /** Create, two updates, delete and re-create of every key, the keys' writes interleaved. */
    private void writeLifecycles() {
        for (int step = 0; step < LIFECYCLE.size(); step++) {
            for (String key : KEYS) {
                int status = switch (step) {
                    case 3 -> http.delete(key).statusCode();
                    default -> http.put(key, "{\"step\":" + step + "}").statusCode();
                };
                assertThat(status).isBetween(200, 204);
            }
        }
    }

    private void assertEveryChangeExactlyOnceInOrder() {
        awaitCaughtUp();
        List<ChangeQueueReader.Received> all = queue.drain();
        for (String key : KEYS) {
            assertThat(queue.changesOf(key)).as(key).containsExactlyElementsOf(LIFECYCLE);
        }
        assertThat(all).hasSize(KEYS.size() * LIFECYCLE.size());
        assertThat(all).extracting(ChangeQueueReader.Received::deduplicationId).doesNotHaveDuplicates();
        assertThat(failureMessages()).as("nothing in the on-failure destination").isEmpty();
    }

    /** A watch cursor from before any write of the test. */
    private String watchCursorBeforeTheWrites() {
        assertThat(http.createNamespace().statusCode()).isIn(200, 201);
        return http.snapshotCursor();
    }

    /**
     * {@code GET .../versions} of each key lists versions 1..N once, and a watch from {@code from}
     * serves each key's versions 1..N once, in order.
     */
    private void assertHistoryAndWatchHoldEveryVersionOnceInOrder(String from) {
        List<Long> versions = java.util.stream.LongStream.rangeClosed(1, LIFECYCLE.size()).boxed().toList();
        for (String key : KEYS) {
            assertThat(http.versions(key).reversed()).as("history of " + key).isEqualTo(versions);
        }
        java.util.Map<String, List<Long>> watched = new java.util.TreeMap<>();
        AtomicReference<String> cursor = new AtomicReference<>(from);
        // The watch serves a change once it is 8 s old (ADR 0037): poll until every key is complete.
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode batch = http.changesAfter(cursor.get());
            batch.get("items").forEach(item -> watched.computeIfAbsent(item.get("key").asText(),
                    k -> new ArrayList<>()).add(item.get("version").asLong()));
            cursor.set(batch.get("cursor").asText());
            return KEYS.stream().allMatch(key -> watched.getOrDefault(key, List.of()).size() >= versions.size());
        });
        for (String key : KEYS) {
            assertThat(watched.get(key)).as("watch of " + key).isEqualTo(versions);
        }
    }

    private void awaitCaughtUp() {
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(90)).until(() -> poller.idleRounds() >= mark + 2);
        queue.drain();
    }

    private List<JsonNode> failureRecords() {
        return failureMessages().stream().map(m -> StateJson.parse(m.getBytes(StandardCharsets.UTF_8))).toList();
    }

    private List<String> failureMessages() {
        return StreamFailureQueue.messages(stack.changes().queues().streamFailure());
    }

    /** The first {@code times} batches of two or more records: publish half, then crash. */
    private static UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> crashingAfterHalfTheBatch(
            AtomicInteger crashes, int times) {
        return handler -> (event, context) -> {
            int size = event.getRecords().size();
            if (size >= 2 && crashes.get() < times) {
                crashes.incrementAndGet();
                DynamodbEvent firstHalf = new DynamodbEvent();
                firstHalf.setRecords(new ArrayList<>(event.getRecords().subList(0, size / 2)));
                handler.handleRequest(firstHalf, context);
                throw new IllegalStateException("injected crash after publishing half of the batch");
            }
            return handler.handleRequest(event, context);
        };
    }

    /** Crashes on every batch that holds a change of {@code key}. */
    private static UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> crashingOn(String key) {
        return handler -> (event, context) -> {
            boolean poisoned = event.getRecords().stream().anyMatch(r ->
                    r.getDynamodb().getKeys().get("sk").getS().equals(key)
                            && r.getDynamodb().getNewImage() != null
                            && r.getDynamodb().getNewImage().containsKey("version"));
            if (poisoned) {
                throw new IllegalStateException("injected crash on " + key);
            }
            return handler.handleRequest(event, context);
        };
    }
}
