package io.stateapi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.events.ChangeEventFormat;
import io.stateapi.json.StateJson;
import io.stateapi.resources.StateApiResources;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Sends a message of the change queues' shared dead-letter queue back to its tenant's change
 * queue, in its message group. The tenant is the event's {@code tenant} (a message attribute if
 * it has one, else the CloudEvents extension in its body).
 *
 * <p>The de-duplication id is new, {@code replay-<message id>}: the event's own may still be in
 * SQS's 5-minute window, which would drop the message silently; the message id stays the same
 * on the dead-letter queue, so a replay re-run after a crash is de-duplicated within 5 minutes,
 * and after them consumers know the event by its id (docs/events.md).
 */
final class ChangeRedrive implements DeadLetterSweep.Replayer {

    private final SqsClient sqs;
    private final StateApiResources resources;
    private final Map<String, String> queueUrls = new HashMap<>();

    ChangeRedrive(SqsClient sqs, StateApiResources resources) {
        this.sqs = sqs;
        this.resources = resources;
    }

    @Override
    public String describe(Message message) {
        JsonNode event = event(message);
        return "change event " + event.path("type").asText() + " of key '" + event.path("data").path("key").asText()
                + "' in namespace '" + event.path("data").path("namespace").asText() + "' (version "
                + event.path("data").path("version").asText() + ", id " + event.path("id").asText() + ") to "
                + resources.tenantEventsQueueName(tenant(message, event));
    }

    @Override
    public void replay(Message message) {
        String groupId = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
        if (groupId == null) {
            throw new IllegalStateException("the message has no message group id");
        }
        String queueName = resources.tenantEventsQueueName(tenant(message, event(message)));
        String queueUrl = queueUrls.computeIfAbsent(queueName,
                name -> sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.body()).messageGroupId(groupId)
                .messageDeduplicationId("replay-" + message.messageId()).messageAttributes(attributes));
    }

    private static JsonNode event(Message message) {
        return StateJson.parse(message.body().getBytes(StandardCharsets.UTF_8));
    }

    private static String tenant(Message message, JsonNode event) {
        MessageAttributeValue attribute = message.messageAttributes().get(ChangeEventFormat.ATTRIBUTE_TENANT);
        String tenant = attribute != null ? attribute.stringValue() : event.path(ChangeEventFormat.TENANT_EXTENSION).asText();
        if (tenant.isBlank()) {
            throw new IllegalStateException("the message names no tenant");
        }
        return tenant;
    }
}
