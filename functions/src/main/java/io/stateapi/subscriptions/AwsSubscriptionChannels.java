package io.stateapi.subscriptions;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.subscriptions.Backlog;
import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.domain.subscriptions.SubscriptionChannels;
import io.stateapi.domain.subscriptions.SubscriptionQueues;
import io.stateapi.events.TenantTopics;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.SubscriptionNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * A subscription's delivery on AWS (ADR 0038): an SQS FIFO queue and its own FIFO DLQ,
 * subscribed to the tenant's SNS FIFO topic ({@link TenantTopics}: with values, or keys only) with
 * raw delivery and a filter policy, and two alarms ({@link SubscriptionAlarms}).
 *
 * <p>Every step is idempotent and named by the subscription's id, so repeating
 * {@link #provision} or {@link #remove} after a failure anywhere finishes the job: SQS's
 * {@code CreateQueue} answers the existing queue for the same attributes, {@code SetQueueAttributes}
 * and {@code PutMetricAlarm} overwrite, SNS's {@code Subscribe} answers the existing subscription
 * of the same endpoint, and removal looks each piece up and skips what is gone.
 */
public final class AwsSubscriptionChannels implements SubscriptionChannels {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final SqsClient sqs;
    private final SnsClient sns;
    private final TenantTopics topics;
    private final SubscriptionAlarms alarms;
    private final StateApiResources resources;
    private final SubscriptionNames names;

    /** @param alarmTopicArn where the subscription alarms notify (the environment's alarm topic), if anywhere */
    public AwsSubscriptionChannels(StateApiResources resources, SqsClient sqs, SnsClient sns, CloudWatchClient cloudWatch,
                                   TenantTopics topics, Optional<String> alarmTopicArn) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.names = resources.subscriptions();
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.alarms = new SubscriptionAlarms(cloudWatch, names, alarmTopicArn);
    }

    @Override
    public SubscriptionQueues provision(Subscription subscription) {
        return aws("make the subscription's queues", () -> {
            String topicArn = topicArn(subscription);
            Map<String, String> tags = SubscriptionPolicies.tags(resources, subscription);
            String dlqUrl = sqs.createQueue(b -> b.queueName(names.deadLetterQueueName(subscription.id()))
                    .attributesWithStrings(SubscriptionPolicies.deadLetterQueueAttributes()).tags(tags)).queueUrl();
            String dlqArn = queueArn(dlqUrl);
            String queueUrl = sqs.createQueue(b -> b.queueName(names.queueName(subscription.id()))
                    .attributesWithStrings(SubscriptionPolicies.queueAttributes(dlqArn)).tags(tags)).queueUrl();
            String queueArn = queueArn(queueUrl);
            // The DLQ also takes SNS's own redrive of messages it cannot deliver, so it admits the topic too.
            sqs.setQueueAttributes(b -> b.queueUrl(dlqUrl).attributes(Map.of(QueueAttributeName.POLICY,
                    SubscriptionPolicies.queuePolicy(dlqArn, topicArn))));
            sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY,
                    SubscriptionPolicies.queuePolicy(queueArn, topicArn))));
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).returnSubscriptionArn(true)
                    .attributes(Map.of(
                            "RawMessageDelivery", "true",
                            "FilterPolicyScope", "MessageAttributes",
                            "FilterPolicy", SubscriptionPolicies.filterPolicy(subscription),
                            "RedrivePolicy", SubscriptionPolicies.subscriptionRedrivePolicy(dlqArn))));
            alarms.put(subscription, tags);
            return new SubscriptionQueues(queueUrl, queueArn, dlqUrl, dlqArn);
        });
    }

    @Override
    public void remove(Subscription subscription) {
        aws("remove the subscription's queues", () -> {
            String topicArn = topicArn(subscription);
            String queueArn = arnBeside(topicArn, "sqs", names.queueName(subscription.id()));
            // The topic subscription first: once it is gone no message is sent to a queue being deleted.
            for (String subscriptionArn : subscriptionsOf(topicArn, queueArn)) {
                sns.unsubscribe(b -> b.subscriptionArn(subscriptionArn));
            }
            alarms.delete(subscription);
            deleteQueue(names.queueName(subscription.id()));
            deleteQueue(names.deadLetterQueueName(subscription.id()));
            return null;
        });
    }

    @Override
    public Backlog backlog(Subscription subscription) {
        return aws("read the subscription's backlog", () -> {
            SubscriptionQueues queues = subscription.queues().orElseThrow();
            Map<String, String> queue = sqs.getQueueAttributes(b -> b.queueUrl(queues.queueUrl()).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            Map<String, String> dlq = sqs.getQueueAttributes(b -> b.queueUrl(queues.deadLetterQueueUrl())
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings();
            return new Backlog(number(queue, "ApproximateNumberOfMessages") + number(queue, "ApproximateNumberOfMessagesNotVisible"),
                    alarms.oldestMessageAgeSeconds(subscription), number(dlq, "ApproximateNumberOfMessages"));
        });
    }

    private String topicArn(Subscription subscription) {
        TenantTopics.Kind kind = subscription.filter().includeValues() ? TenantTopics.Kind.WITH_VALUES
                : TenantTopics.Kind.KEYS_ONLY;
        return switch (topics.resolve(subscription.namespace().tenant(), kind)) {
            case TenantTopics.Resolution.Topic topic -> topic.arn();
            case TenantTopics.Resolution.Unavailable unavailable -> throw new StoreUnavailableException(
                    "the tenant's change topic cannot be had now; try again: " + unavailable.reason(), RETRY_AFTER, null);
        };
    }

    private List<String> subscriptionsOf(String topicArn, String queueArn) {
        return sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions().stream()
                .filter(s -> queueArn.equals(s.endpoint()) && s.subscriptionArn().startsWith("arn:"))
                .map(software.amazon.awssdk.services.sns.model.Subscription::subscriptionArn)
                .toList();
    }

    private void deleteQueue(String queueName) {
        try {
            String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
            sqs.deleteQueue(b -> b.queueUrl(url));
        } catch (QueueDoesNotExistException gone) {
            // Already deleted by an earlier attempt, or never made.
        }
    }

    private String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** The ARN of a resource of another service in the topic's region and account. */
    static String arnBeside(String topicArn, String service, String name) {
        String[] parts = topicArn.split(":", 6);
        return String.join(":", parts[0], parts[1], service, parts[3], parts[4], name);
    }

    private static long number(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    private interface Step<T> {
        T run();
    }

    /** An AWS failure that outlasted the SDK's retries means "try again later": 503, with nothing half-made that a retry cannot finish. */
    private static <T> T aws(String what, Step<T> step) {
        try {
            return step.run();
        } catch (SdkException e) {
            throw new StoreUnavailableException("could not " + what + " now; try again (the request is safe to repeat): "
                    + e.getMessage(), RETRY_AFTER, e);
        }
    }
}
