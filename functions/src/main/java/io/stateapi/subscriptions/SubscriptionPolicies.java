package io.stateapi.subscriptions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.subscriptions.EventType;
import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.domain.subscriptions.SubscriptionFilter;
import io.stateapi.events.ChangeEventFormat;
import io.stateapi.json.StateJson;
import io.stateapi.resources.Queues;
import io.stateapi.resources.StateApiResources;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a subscription's AWS resources are made with (ADR 0038): the queues' attributes (those
 * of the tenant queues, {@link Queues}), the queue policy that lets only the tenant's topic send,
 * the SNS subscription's filter policy and redrive policy, and the tags.
 */
final class SubscriptionPolicies {

    /** The CloudEvents type prefix the topics' {@code type} attribute carries ({@code io.stateapi.key.}). */
    static final String TYPE_PREFIX = "io.stateapi.key.";

    private SubscriptionPolicies() {
    }

    /** The subscription's queue: as a tenant queue, redriving to its own DLQ after {@link Queues#MAX_RECEIVE_COUNT}. */
    static Map<String, String> queueAttributes(String deadLetterQueueArn) {
        Map<String, String> attributes = deadLetterQueueAttributes();
        attributes.put("VisibilityTimeout", Integer.toString(Queues.VISIBILITY_TIMEOUT_SECONDS));
        attributes.put("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn
                + "\",\"maxReceiveCount\":" + Queues.MAX_RECEIVE_COUNT + "}");
        return attributes;
    }

    /** FIFO, de-duplication by explicit id per message group, 14 days, SQS-managed encryption. */
    static Map<String, String> deadLetterQueueAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("FifoQueue", "true");
        attributes.put("ContentBasedDeduplication", Boolean.toString(Queues.CONTENT_BASED_DEDUPLICATION));
        attributes.put("DeduplicationScope", Queues.DEDUPLICATION_SCOPE);
        attributes.put("FifoThroughputLimit", Queues.FIFO_THROUGHPUT_LIMIT);
        attributes.put("MessageRetentionPeriod", Integer.toString(Queues.RETENTION_SECONDS));
        attributes.put("SqsManagedSseEnabled", Boolean.toString(Queues.SQS_MANAGED_SSE));
        return attributes;
    }

    /**
     * Only the tenant's topic may send to the queue ({@code aws:SourceArn}): SNS delivers to a queue
     * only when its policy allows, and no other topic, tenant or principal gets that.
     */
    static String queuePolicy(String queueArn, String topicArn) {
        ObjectNode statement = StateJson.mapper().createObjectNode()
                .put("Sid", "FromTheTenantsChangeTopic")
                .put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "sns.amazonaws.com");
        statement.put("Action", "sqs:SendMessage").put("Resource", queueArn);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
        ObjectNode policy = StateJson.mapper().createObjectNode().put("Version", "2012-10-17");
        policy.putArray("Statement").add(statement);
        return StateJson.write(policy);
    }

    /**
     * The SNS filter policy (scope {@code MessageAttributes}): the namespace exactly, the key by
     * prefix when one is given, the event types when given. The topic is the tenant's own, so
     * the tenant needs no condition.
     */
    static String filterPolicy(Subscription subscription) {
        SubscriptionFilter filter = subscription.filter();
        ObjectNode policy = StateJson.mapper().createObjectNode();
        policy.putArray(ChangeEventFormat.ATTRIBUTE_NAMESPACE).add(subscription.namespace().name());
        filter.prefix().ifPresent(prefix ->
                policy.putArray(ChangeEventFormat.ATTRIBUTE_KEY).addObject().put("prefix", prefix));
        if (!filter.types().isEmpty()) {
            ArrayNode types = policy.putArray(ChangeEventFormat.ATTRIBUTE_TYPE);
            filter.types().forEach(type -> types.add(cloudEventType(type)));
        }
        return StateJson.write(policy);
    }

    static String cloudEventType(EventType type) {
        return TYPE_PREFIX + type.name().toLowerCase(Locale.ROOT);
    }

    /** Messages SNS cannot deliver to the queue (a broken policy, a deleted queue) go to the subscription's DLQ. */
    static String subscriptionRedrivePolicy(String deadLetterQueueArn) {
        return "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn + "\"}";
    }

    /** {@code project}, {@code environment}, {@code tenant}, {@code namespace}, {@code subscription}. */
    static Map<String, String> tags(StateApiResources resources, Subscription subscription) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("project", StateApiResources.PREFIX);
        tags.put("environment", resources.environment());
        tags.put("tenant", subscription.namespace().tenant().value());
        tags.put("namespace", subscription.namespace().name());
        tags.put("subscription", subscription.name());
        return tags;
    }
}
