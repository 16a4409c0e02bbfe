package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.contracts.ChangeEventContract;
import io.stateapi.events.SqsClients;
import io.stateapi.json.StateJson;
import io.stateapi.local.ChangePipeline;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * A consumer of one tenant's change queue as a subscriber would write one: receive, check each
 * body against the event schema and that it is that tenant's event, delete. Keeps everything it
 * received, in order.
 */
final class ChangeQueueReader implements AutoCloseable {

    /** A received change event and the FIFO attributes it came with. */
    record Received(JsonNode event, String groupId, String deduplicationId) {

        String key() {
            return event.path("data").path("key").asText();
        }

        String type() {
            return event.path("type").asText().substring("io.stateapi.key.".length());
        }

        long version() {
            return event.path("data").path("version").asLong();
        }

        /** "created@1", for readable order assertions. */
        String change() {
            return type() + "@" + version();
        }
    }

    private final SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
    private final String tenant;
    private final String queueUrl;
    private final List<Received> received = new ArrayList<>();

    /** Reads {@code tenant}'s change queue of {@code changes}' pipeline (made now if the tenant has none yet). */
    ChangeQueueReader(ChangePipeline changes, String tenant) {
        this(changes.queueOf(tenant), tenant);
    }

    /** Reads the queue at {@code queueUrl}, which is {@code tenant}'s. */
    ChangeQueueReader(String queueUrl, String tenant) {
        this.tenant = tenant;
        this.queueUrl = queueUrl;
    }

    /** Reads {@link TestStack#TENANT}'s change queue. */
    ChangeQueueReader(ChangePipeline changes) {
        this(changes, TestStack.TENANT);
    }

    /** Receives and deletes everything visible now; returns all received so far. */
    synchronized List<Received> drain() {
        while (true) {
            ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
            if (response.messages().isEmpty()) {
                return List.copyOf(received);
            }
            for (Message message : response.messages()) {
                assertThat(ChangeEventContract.violations(message.body())).as("event %s", message.body()).isEmpty();
                JsonNode event = StateJson.parse(message.body().getBytes(StandardCharsets.UTF_8));
                assertThat(event.path("tenant").asText()).as("tenant of %s on %s's queue", message.body(), tenant)
                        .isEqualTo(tenant);
                received.add(new Received(event,
                        message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID),
                        message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** The changes of one key in the order they were received: "created@1", "updated@2", ... */
    synchronized List<String> changesOf(String key) {
        return received.stream().filter(r -> r.key().equals(key)).map(Received::change).collect(Collectors.toList());
    }

    static URI endpoint() {
        return TestStack.emulator().endpoint();
    }

    @Override
    public void close() {
        sqs.close();
    }
}
