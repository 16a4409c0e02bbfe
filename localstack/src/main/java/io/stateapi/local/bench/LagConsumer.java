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
        int failuresInARow = 0;
        while (consuming) {
            try {
                receive();
                failuresInARow = 0;
            } catch (RuntimeException e) {
                // A slow emulator; what was not deleted comes back after the visibility timeout.
                // Back off, so that an emulator that went away is not hammered (nor the log flooded).
                failuresInARow++;
                if (consuming) {
                    System.out.println("  consumer: " + e + (failuresInARow > 1 ? " (" + failuresInARow + " in a row)" : ""));
                    sleep(Math.min(5_000, 100L << Math.min(failuresInARow, 6)));
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        consuming = false;
    }

    /** The lag of {@code change} ("key@version") once its event has arrived; waits up to 60 s. */
    long await(String change) throws InterruptedException {
        return awaitAll(List.of(change), Duration.ofSeconds(60)).getFirst();
    }

    /**
     * The lags of {@code changes} ("key@version"), in their order, once all have arrived; waits up
     * to {@code timeout} for all of them together, then names how many are missing.
     */
    List<Long> awaitAll(List<String> changes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> lags = new ArrayList<>(changes.size());
        for (String change : changes) {
            Long lag;
            while ((lag = lagMillisByChange.get(change)) == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (lag == null) {
                long missing = changes.stream().filter(c -> !lagMillisByChange.containsKey(c)).count();
                throw new IllegalStateException(missing + " of " + changes.size() + " events (" + change
                        + " among them) did not arrive within " + timeout.toSeconds() + " s");
            }
            lags.add(lag);
        }
        return lags;
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
