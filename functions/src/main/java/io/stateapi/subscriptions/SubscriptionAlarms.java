package io.stateapi.subscriptions;

import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.SubscriptionNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/**
 * A subscription's two alarms (ADR 0038), made with {@code PutMetricAlarm} (which replaces an
 * alarm of the same name, so repeating it is harmless) and removed with {@code DeleteAlarms}
 * (which ignores names that do not exist): the age of the oldest message in its queue above
 * {@link #BACKLOG_AGE_THRESHOLD}, and any message in its dead-letter queue. Their actions notify
 * the environment's alarm topic ({@link StateApiResources#alarmTopicName()}) when one is configured.
 * Also reads the backlog's age from CloudWatch.
 */
final class SubscriptionAlarms {

    /** A consumer 10 minutes behind, for 5 minutes in a row, is paged: well before SQS's 14 days. */
    static final Duration BACKLOG_AGE_THRESHOLD = Duration.ofMinutes(10);
    static final int PERIOD_SECONDS = 60;
    static final int BACKLOG_EVALUATION_PERIODS = 5;
    /** How far back {@code GetMetricData} looks for the latest datapoint of the backlog's age. */
    static final Duration AGE_LOOKBACK = Duration.ofMinutes(15);

    private final CloudWatchClient cloudWatch;
    private final SubscriptionNames names;
    private final Optional<String> alarmTopicArn;

    SubscriptionAlarms(CloudWatchClient cloudWatch, SubscriptionNames names, Optional<String> alarmTopicArn) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
        this.names = Objects.requireNonNull(names, "names");
        this.alarmTopicArn = Objects.requireNonNull(alarmTopicArn, "alarmTopicArn");
    }

    void put(Subscription subscription, Map<String, String> tags) {
        List<Tag> alarmTags = tags.entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        List<String> actions = alarmTopicArn.map(List::of).orElse(List.of());
        cloudWatch.putMetricAlarm(b -> b.alarmName(names.backlogAgeAlarmName(subscription.id()))
                .alarmDescription(SubscriptionAlarmDescriptions.backlogAge(tenant(subscription),
                        subscription.namespace().name(), subscription.name()))
                .namespace("AWS/SQS").metricName("ApproximateAgeOfOldestMessage")
                .dimensions(queueDimension(names.queueName(subscription.id())))
                .statistic(Statistic.MAXIMUM).period(PERIOD_SECONDS).evaluationPeriods(BACKLOG_EVALUATION_PERIODS)
                .threshold((double) BACKLOG_AGE_THRESHOLD.toSeconds())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData("notBreaching")
                .alarmActions(actions).okActions(actions).tags(alarmTags));
        cloudWatch.putMetricAlarm(b -> b.alarmName(names.deadLetterAlarmName(subscription.id()))
                .alarmDescription(SubscriptionAlarmDescriptions.deadLetters(tenant(subscription),
                        subscription.namespace().name(), subscription.name()))
                .namespace("AWS/SQS").metricName("ApproximateNumberOfMessagesVisible")
                .dimensions(queueDimension(names.deadLetterQueueName(subscription.id())))
                .statistic(Statistic.MAXIMUM).period(PERIOD_SECONDS).evaluationPeriods(1)
                .threshold(0.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData("notBreaching")
                .alarmActions(actions).okActions(actions).tags(alarmTags));
    }

    void delete(Subscription subscription) {
        cloudWatch.deleteAlarms(b -> b.alarmNames(names.backlogAgeAlarmName(subscription.id()),
                names.deadLetterAlarmName(subscription.id())));
    }

    /** The latest {@code ApproximateAgeOfOldestMessage} of the queue, empty when CloudWatch has none. */
    Optional<Long> oldestMessageAgeSeconds(Subscription subscription) {
        Instant now = Instant.now();
        GetMetricDataResponse data = cloudWatch.getMetricData(b -> b
                .startTime(now.minus(AGE_LOOKBACK)).endTime(now)
                .metricDataQueries(q -> q.id("age").returnData(true).metricStat(s -> s
                        .period(PERIOD_SECONDS).stat("Maximum")
                        .metric(m -> m.namespace("AWS/SQS").metricName("ApproximateAgeOfOldestMessage")
                                .dimensions(queueDimension(names.queueName(subscription.id())))))));
        for (MetricDataResult result : data.metricDataResults()) {
            // Newest first (the default ScanBy is TimestampDescending).
            if (!result.values().isEmpty()) {
                return Optional.of(Math.round(result.values().getFirst()));
            }
        }
        return Optional.empty();
    }

    private static String tenant(Subscription subscription) {
        return subscription.namespace().tenant().value();
    }

    private static Dimension queueDimension(String queueName) {
        return Dimension.builder().name("QueueName").value(queueName).build();
    }
}
