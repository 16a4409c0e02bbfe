package io.stateapi.local.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A subscription's consumer, as the docs describe it: receive, keep, delete. Keeps every event it
 * received, in receive order; {@link #stop()} and {@link #start()} play a consumer that goes away
 * and comes back.
 */
final class SubscriptionQueueReader {

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<JsonNode> received = new ArrayList<>();
    private boolean running = true;

    SubscriptionQueueReader(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    void stop() {
        running = false;
    }

    void start() {
        running = true;
    }

    /** Receives and deletes what is there now (nothing while stopped); every event received so far. */
    synchronized List<JsonNode> poll() {
        if (!running) {
            return List.copyOf(received);
        }
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                return List.copyOf(received);
            }
            for (Message message : messages) {
                received.add(StateJson.parse(message.body().getBytes(StandardCharsets.UTF_8)));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** {@code type@version} of each event of {@code key}, in receive order, e.g. {@code created@1}. */
    List<String> changesOf(String key) {
        return byKey().getOrDefault(key, List.of());
    }

    Map<String, List<String>> byKey() {
        return poll().stream().collect(Collectors.groupingBy(e -> e.path("data").path("key").asText(),
                Collectors.mapping(SubscriptionQueueReader::change, Collectors.toList())));
    }

    static String change(JsonNode event) {
        String type = event.path("type").asText();
        return type.substring(type.lastIndexOf('.') + 1) + "@" + event.path("data").path("version").asLong();
    }
}
