package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.local.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.contracts.ChangeEventContract;
import io.stateapi.events.SqsClients;
import io.stateapi.http.Http;
import io.stateapi.json.StateJson;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * A consumer of one tenant's change queue as a subscriber would write one: receive, check each
 * body against the event schema and that it is that tenant's event, delete. Keeps everything it
 * received, in order.
 *
 * <p>{@link #onOwnStack} is the fixture of the event tests that start their own stack: the reader
 * of {@link TestStack#TENANT}'s queue on it, which {@link #awaitCaughtUp() waits} for the stack's
 * change pipeline and closes the stack with itself.
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
    /** The pipeline's poller, when the reader was made from one (else null). */
    private final StreamPoller poller;
    /** The stack this reader started (else null), closed with it. */
    private LocalStack ownStack;

    /** Reads {@code tenant}'s change queue of {@code changes}' pipeline (made now if the tenant has none yet). */
    ChangeQueueReader(ChangePipeline changes, String tenant) {
        this(changes.queueOf(tenant), tenant, changes.poller());
    }

    /** Reads the queue at {@code queueUrl}, which is {@code tenant}'s. */
    ChangeQueueReader(String queueUrl, String tenant) {
        this(queueUrl, tenant, null);
    }

    private ChangeQueueReader(String queueUrl, String tenant, StreamPoller poller) {
        this.tenant = tenant;
        this.queueUrl = queueUrl;
        this.poller = poller;
    }

    /** Reads {@link TestStack#TENANT}'s change queue. */
    ChangeQueueReader(ChangePipeline changes) {
        this(changes, TestStack.TENANT);
    }

    /**
     * Starts a stack for {@code resources} on the shared emulator, trusting the test issuer, with
     * its expiry sweeps paused (its change pipeline runs), and reads {@link TestStack#TENANT}'s
     * queue on it; closing the reader stops the stack.
     */
    static ChangeQueueReader onOwnStack(StateApiResources resources) throws IOException {
        LocalStack stack = LocalStack.start(TestStack.emulator(), resources, 0, TestStack.issuer());
        try {
            stack.expirySweeps().setEnabled(false);
            ChangeQueueReader reader = new ChangeQueueReader(stack.changes());
            reader.ownStack = stack;
            return reader;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    /** The stack {@link #onOwnStack} started. */
    LocalStack stack() {
        if (ownStack == null) {
            throw new IllegalStateException("this reader started no stack");
        }
        return ownStack;
    }

    /** A client of the HTTP API of the stack {@link #onOwnStack} started. */
    Http http() {
        return new Http(stack().apiEndpoint());
    }

    /**
     * Waits until the pipeline's poller has handled every stream record written so far (two idle
     * rounds after now), then reads the queue empty; returns all received so far.
     */
    List<Received> awaitCaughtUp() {
        if (poller == null) {
            throw new IllegalStateException("this reader was made from a queue address, not a pipeline");
        }
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(120)).until(() -> poller.idleRounds() >= mark + 2);
        return drain();
    }

    /** Reads the queue empty; the events of {@code key} received so far, in order. */
    List<Received> receivedOf(String key) {
        return drain().stream().filter(r -> r.key().equals(key)).toList();
    }

    /** A key's changes when it was written {@code versions} times: "created@1", "updated@2", ... */
    static List<String> createdThenUpdated(int versions) {
        return IntStream.rangeClosed(1, versions).mapToObj(v -> (v == 1 ? "created@" : "updated@") + v).toList();
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
        try {
            sqs.close();
        } finally {
            if (ownStack != null) {
                ownStack.close();
            }
        }
    }
}
