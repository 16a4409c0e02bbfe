package io.stateapi.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The benchmark's subscriber: long-polls its tenant's change queue, deletes what it receives, and keeps
 * each change's lag from its commit time (the event's {@code time}) to its receipt.
 */
final class LagConsumer {

    private final SqsClient sqs;
    private final String queueUrl;
    private final Map<String, Long> lagMillisByChange = new ConcurrentHashMap<>();
    private volatile boolean consuming = true;

    LagConsumer(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Receives until {@link #stop()}. */
    void run() {
        while (consuming) {
            try {
                receive();
            } catch (RuntimeException e) {
                // A slow emulator; what was not deleted comes back after the visibility timeout.
                System.err.println("consumer: " + e);
            }
        }
    }

    void stop() {
        consuming = false;
    }

    /** The lag of {@code change} ("key@version") once its event has arrived; waits up to 60 s. */
    long await(String change) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Long lag = lagMillisByChange.get(change);
            if (lag != null) {
                return lag;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no event for " + change + " within 60 s");
    }

    private void receive() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        long receivedAtMillis = Instant.now().toEpochMilli();
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (Message message : messages) {
            JsonNode event = StateJson.parse(message.body().getBytes(StandardCharsets.UTF_8));
            JsonNode data = event.path("data");
            long committedAt = Instant.parse(event.path("time").asText()).toEpochMilli();
            lagMillisByChange.putIfAbsent(data.path("key").asText() + "@" + data.path("version").asLong(),
                    receivedAtMillis - committedAt);
            deletes.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(deletes.size())).receiptHandle(message.receiptHandle()).build());
        }
        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
    }
}
