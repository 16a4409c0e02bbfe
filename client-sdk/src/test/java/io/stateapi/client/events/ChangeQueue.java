package io.stateapi.client.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.client.internal.JsonCodec;
import io.stateapi.client.support.TestStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A FIFO change queue of its own on the test emulator, and a publisher of change events in the
 * shape the fan-out function sends (CloudEvents 1.0 structured mode, one group per key).
 */
final class ChangeQueue implements AutoCloseable {

    static final String ENVIRONMENT = "sdktest";

    final SqsClient sqs;
    final String url;
    final String namespace;
    /** The dead-letter queue's URL, or null when the queue has none. */
    final String deadLetterUrl;

    ChangeQueue(String purpose) {
        this(purpose, 0);
    }

    /** With {@code maxReceiveCount} > 0, a dead-letter queue takes messages received that many times. */
    ChangeQueue(String purpose, int maxReceiveCount) {
        this.sqs = SqsClient.builder()
                .endpointOverride(TestStack.get().emulatorEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.namespace = TestStack.uniqueNamespace(purpose);
        Map<QueueAttributeName, String> attributes = new java.util.HashMap<>(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        if (maxReceiveCount > 0) {
            this.deadLetterUrl = sqs.createQueue(r -> r.queueName(namespace + "-dlq.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            String deadLetterArn = sqs.getQueueAttributes(r -> r.queueUrl(deadLetterUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}");
        } else {
            this.deadLetterUrl = null;
        }
        this.url = sqs.createQueue(r -> r.queueName(namespace + ".fifo").attributes(attributes)).queueUrl();
    }

    /** Takes whatever is on the dead-letter queue now (a short poll), and deletes it. */
    List<Message> takeDeadLetters() {
        List<Message> taken = sqs.receiveMessage(r -> r.queueUrl(deadLetterUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        taken.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(deadLetterUrl).receiptHandle(m.receiptHandle())));
        return taken;
    }

    /** Publishes one event; {@code copy} makes a distinct message of an identical event (a late duplicate). */
    void publish(String key, String type, long version, Long previousVersion, JsonNode value, JsonNode previousValue, int copy) {
        publishBody(key, event(key, type, version, previousVersion, value, previousValue).toString(),
                namespace + "/" + key + "/" + version + "/" + copy);
    }

    void publish(String key, String type, long version, JsonNode value) {
        publish(key, type, version, version == 1 ? null : version - 1, value, null, 0);
    }

    void publishBody(String key, String body, String deduplicationId) {
        sqs.sendMessage(r -> r.queueUrl(url)
                .messageBody(body)
                .messageGroupId(Integer.toHexString((namespace + "\u0000" + key).hashCode()))
                .messageDeduplicationId(Integer.toHexString(deduplicationId.hashCode()) + UUID.nameUUIDFromBytes(deduplicationId.getBytes())));
    }

    ObjectNode event(String key, String type, long version, Long previousVersion, JsonNode value, JsonNode previousValue) {
        ObjectNode event = JsonCodec.protocol().createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.randomUUID().toString());
        event.put("source", "/state-api/" + ENVIRONMENT + "/namespaces/" + namespace);
        event.put("type", "io.stateapi.key." + type);
        event.put("subject", key);
        event.put("time", Instant.now().toString());
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("namespace", namespace);
        data.put("key", key);
        data.put("version", version);
        if (previousVersion == null) {
            data.putNull("previousVersion");
        } else {
            data.put("previousVersion", previousVersion);
        }
        data.set("value", value == null ? JsonCodec.protocol().nullNode() : value);
        data.set("previousValue", previousValue == null ? JsonCodec.protocol().nullNode() : previousValue);
        return event;
    }

    /** What is left on the queue: every message that becomes visible within {@code waitSeconds}. */
    List<Message> drain(int waitSeconds) {
        List<Message> left = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(left.isEmpty() ? waitSeconds : 1).visibilityTimeout(30)).messages();
            if (batch.isEmpty()) {
                return left;
            }
            left.addAll(batch);
        }
    }

    static JsonNode json(String text) {
        try {
            return JsonCodec.parse(text.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }


    @Override
    public void close() {
        sqs.deleteQueue(r -> r.queueUrl(url));
        if (deadLetterUrl != null) {
            sqs.deleteQueue(r -> r.queueUrl(deadLetterUrl));
        }
        sqs.close();
    }
}
