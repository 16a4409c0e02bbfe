package io.stateapi.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.events.SqsClients;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads the stream's dead-letter queue (the on-failure destination) as an operator would. */
final class StreamFailureQueue {

    private StreamFailureQueue() {
    }

    /** The bodies of every message visible on the queue now (they stay on it, hidden for 30 s). */
    static List<String> messages(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of())) {
            List<Message> received;
            do {
                received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(30))
                        .messages();
                received.forEach(m -> bodies.add(m.body()));
            } while (!received.isEmpty());
        }
        return bodies;
    }

    static List<JsonNode> parsed(String queueUrl) {
        return messages(queueUrl).stream().map(m -> StateJson.parse(m.getBytes(StandardCharsets.UTF_8))).toList();
    }
}
