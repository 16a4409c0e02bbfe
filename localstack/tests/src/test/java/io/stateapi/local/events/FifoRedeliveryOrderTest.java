package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.events.SqsClients;
import io.stateapi.local.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The emulator's FIFO queue hands a message group back in order after a consumer releases several
 * of its messages at once, as SQS does. A consumer that fails on one event releases it and every
 * later event of its key it holds (the SDK's {@code ChangeSubscriber}); moto 5.2.5 then delivered
 * the last released message first and the earlier ones after it, so a key's change events
 * overtook each other (the SDK's {@code ChangeSubscriberEndToEndTest} failed about every other
 * run on it). {@code moto_guard.py} counts only messages still in flight as holding their group.
 */
class FifoRedeliveryOrderTest {

    private static SqsClient sqs;

    @BeforeAll
    static void client() {
        sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
    }

    @AfterAll
    static void close() {
        sqs.close();
    }

    private static String fifoQueue() {
        return sqs.createQueue(r -> r.queueName("redelivery-" + UUID.randomUUID() + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    }

    /** Sends each body in the group of its first letter ("a3": group "a"). */
    private static void send(String queueUrl, String... bodies) {
        for (String body : bodies) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageGroupId(body.substring(0, 1))
                    .messageDeduplicationId(body).messageBody(body));
        }
    }

    private static String queueWith(String... bodies) {
        String queueUrl = fifoQueue();
        send(queueUrl, bodies);
        return queueUrl;
    }

    private static List<Message> receive(String queueUrl) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(60)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
    }

    private static void release(String queueUrl, List<Message> messages, int seconds) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).visibilityTimeout(seconds).build());
        }
        assertThat(sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).toList();
    }

    @Test
    void aGroupReleasedTogetherComesBackFromItsFirstMessage() {
        String queueUrl = queueWith("a3", "a4", "a5");
        List<Message> first = receive(queueUrl);
        assertThat(bodies(first)).containsExactly("a3", "a4", "a5");

        release(queueUrl, first, 1);
        List<Message> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            again.addAll(receive(queueUrl));
            return !again.isEmpty();
        });

        // The group from its first message on, in order (SQS returns a prefix of it).
        assertThat(bodies(again)).isEqualTo(List.of("a3", "a4", "a5").subList(0, again.size()));
    }

    @Test
    void aFailedMessageReleasedWithTheLaterOnesOfItsGroupKeepsThemBehindIt() {
        String queueUrl = queueWith("a3", "b3", "a4");
        List<Message> first = receive(queueUrl);
        assertThat(bodies(first)).containsExactly("a3", "b3", "a4");
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(first.get(1).receiptHandle()));
        release(queueUrl, List.of(first.get(0), first.get(2)), 1);
        send(queueUrl, "a5");

        List<String> delivered = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Message message : receive(queueUrl)) {
                delivered.add(message.body());
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            return delivered.size() >= 3;
        });

        assertThat(delivered).containsExactly("a3", "a4", "a5");
    }
}
