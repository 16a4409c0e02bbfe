package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.json.StateJson;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream record that can never be published (its item breaks the layout, or SQS refuses
 * its event as invalid) goes to the stream's dead-letter queue on its own, with the record
 * and the reason; the records around it in the batch, before and after, are delivered in
 * order and checkpointed (ADR 0023). Transient failures keep retrying from the failed record.
 */
class PoisonRecordsTest {

    /** Marks a value whose event SQS is made to refuse: {@code "value":} is never in {@code "previousValue":}. */
    private static final String REFUSED_VALUE = "\"value\":{\"refuse\":true}";

    private static final StreamPoller.Settings FAST_RETRIES = StreamPoller.Settings.local()
            .withMaximumRetryAttempts(4)
            .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200));

    private StateApiResources resources;
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
    void theRecordOfAnUnreadableItemGoesToTheDeadLetterQueueAloneAndTheRecordsAroundItAreDelivered() throws IOException {
        start("poison-unreadable", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES));

        asOneBatch(() -> {
            http.put("before/a", "1");
            writeItemOutsideTheApi("poison/unreadable", Map.of("version", AttributeValue.fromN("1"),
                    "value", AttributeValue.fromN("5")));
            http.put("after/b", "2");
            http.put("before/a", "3");
        });

        assertThat(queue.changesOf("before/a")).containsExactly("created@1", "updated@2");
        assertThat(queue.changesOf("after/b")).containsExactly("created@1");
        JsonNode poison = onlyPoisonRecord();
        assertThat(poison.path("reason").asText()).contains("'poison/unreadable'", "unreadable", "'value'");
        JsonNode record = poison.path("DynamoDBStreamRecord");
        assertThat(record.path("eventName").asText()).isEqualTo("INSERT");
        assertThat(record.path("dynamodb").path("NewImage").path("value").path("N").asText()).isEqualTo("5");
        assertThat(record.path("dynamodb").path("SequenceNumber").asText()).isNotBlank();
        assertBatchesCheckpointedWithoutRetries();
    }

    @ParameterizedTest
    @EnumSource(InvalidContents.Reported.class)
    void anEventSqsRefusesAsInvalidGoesToTheDeadLetterQueueAloneAndCanBeReplayedOnceAccepted(
            InvalidContents.Reported reported) throws IOException {
        InvalidContents invalid = InvalidContents.whenBodyContains(REFUSED_VALUE, reported);
        start("refused-" + reported.name().toLowerCase().replace('_', '-'), ChangePipeline.Options.defaults().withSettings(FAST_RETRIES).withPublishConcurrency(2)
                .withFanOutInterceptors(invalid));

        asOneBatch(() -> {
            http.put("before/a", "1");
            http.put("mixed/k", "{\"refuse\":true}");
            http.put("after/b", "2");
            http.put("mixed/k", "{\"ok\":1}");
            http.put("before/a", "3");
        });

        assertThat(queue.changesOf("before/a")).containsExactly("created@1", "updated@2");
        assertThat(queue.changesOf("after/b")).containsExactly("created@1");
        // The key's later event is not held back: its previousVersion (1) shows the gap (ADR 0023).
        assertThat(queue.changesOf("mixed/k")).containsExactly("updated@2");
        assertThat(invalid.refusals()).isPositive();
        JsonNode poison = onlyPoisonRecord();
        assertThat(poison.path("reason").asText()).contains("InvalidMessageContents");
        assertThat(poison.path("DynamoDBStreamRecord").path("dynamodb").path("Keys").path("sk").path("S").asText())
                .isEqualTo("mixed/k");
        assertBatchesCheckpointedWithoutRetries();

        invalid.heal();
        assertThat(stack.changes().poller().replay(StateJson.write(poison)).getBatchItemFailures()).isEmpty();
        queue.drain();
        assertThat(queue.changesOf("mixed/k")).containsExactly("updated@2", "created@1");
    }

    @Test
    void aPoisonRecordBeforeATransientFailureGoesToTheDeadLetterQueueOnceAndTheRestIsRetriedFromTheFailedRecord()
            throws IOException {
        InvalidContents invalid = InvalidContents.whenBodyContains(REFUSED_VALUE, InvalidContents.Reported.PER_ENTRY);
        // More refusals than the publisher's own attempts, so the function reports the record as failed once.
        SqsFaults.RefusedEntries transientRefusals = SqsFaults.RefusedEntries.whenBodyContains("stuck/key", 4);
        start("poison-transient", ChangePipeline.Options.defaults().withSettings(FAST_RETRIES)
                .withFanOutInterceptors(invalid, transientRefusals));

        asOneBatch(() -> {
            http.put("before/a", "1");
            http.put("poison/p", "{\"refuse\":true}");
            http.put("stuck/key", "2");
            http.put("after/b", "3");
        });

        assertThat(queue.changesOf("before/a")).containsExactly("created@1");
        assertThat(queue.changesOf("stuck/key")).containsExactly("created@1");
        assertThat(queue.changesOf("after/b")).containsExactly("created@1");
        assertThat(queue.drain()).extracting(ChangeQueueReader.Received::deduplicationId).doesNotHaveDuplicates();
        assertThat(stack.changes().poller().statistics().partialFailures()).as("retried from the failed record")
                .isEqualTo(1);
        JsonNode poison = onlyPoisonRecord();
        assertThat(poison.path("DynamoDBStreamRecord").path("dynamodb").path("Keys").path("sk").path("S").asText())
                .isEqualTo("poison/p");
        assertThat(stack.changes().poller().statistics().batchesToFailureDestination()).isZero();
    }

    private void start(String environment, ChangePipeline.Options options) throws IOException {
        resources = StateApiResources.forEnvironment(environment);
        stack = LocalStack.start(TestStack.emulator(), resources, 0, options, TestStack.issuer());
        queue = new ChangeQueueReader(stack.changes());
        http = new StateApiHttp(stack.apiEndpoint(), "poison");
    }

    /** Runs the writes while the poller is stopped, so that their records reach the function as one batch. */
    private void asOneBatch(Runnable writes) {
        StreamPoller poller = stack.changes().poller();
        poller.setEnabled(false);
        writes.run();
        poller.setEnabled(true);
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(90)).until(() -> poller.idleRounds() >= mark + 2);
        queue.drain();
    }

    private void writeItemOutsideTheApi(String key, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("pk", AttributeValue.fromS(TestStack.partitionKey("poison")));
        item.put("sk", AttributeValue.fromS(key));
        try (DynamoDbClient dynamoDb = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of())) {
            dynamoDb.putItem(b -> b.tableName(resources.tableName()).item(item));
        }
    }

    private JsonNode onlyPoisonRecord() {
        List<JsonNode> messages = StreamFailureQueue.parsed(stack.changes().queues().streamFailure());
        assertThat(messages).hasSize(1);
        JsonNode poison = messages.getFirst();
        assertThat(poison.path("requestContext").path("condition").asText()).isEqualTo("PoisonRecord");
        return poison;
    }

    private void assertBatchesCheckpointedWithoutRetries() {
        StreamPoller.Statistics statistics = stack.changes().poller().statistics();
        assertThat(statistics.partialFailures()).isZero();
        assertThat(statistics.functionErrors()).isZero();
        assertThat(statistics.batchesToFailureDestination()).isZero();
    }
}
