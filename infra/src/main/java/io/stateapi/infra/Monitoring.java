package io.stateapi.infra;

import io.stateapi.resources.Metrics;
import io.stateapi.resources.Runbook;
import io.stateapi.resources.StateApiResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SearchExpression;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Alarms on what users and subscribers would notice (server errors, latency, function errors
 * and throttles, change events lagging behind writes, anything in a dead-letter queue, a key
 * whose version floor was lost, expiry falling behind), all notifying one encrypted SNS topic,
 * and a dashboard of the same signals and of the tenants' change queues.
 */
final class Monitoring extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);
    /** How late expired events may be (the sweep lag) before someone is told. */
    static final java.time.Duration EXPIRY_SWEEP_LAG_ALARM = java.time.Duration.ofMinutes(15);
    /**
     * Writes recovered from a lost answer in 5 minutes, three periods running, before someone is
     * told: one now and then is the network; a steady stream is DynamoDB or the functions' network
     * timing answers out, which costs every such write a second attempt (ADR 0007).
     */
    static final int LOST_ANSWERS_ALARM_PER_PERIOD = 20;

    private final String prefix;
    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    Monitoring(Construct scope, String id, EnvironmentConfig config, DeploymentOptions options,
               HttpApi api, Function apiFunction, Function fanOutFunction, Function expirySweeper, Table table,
               ChangeQueues queues) {
        super(scope, id);
        StateApiResources resources = config.resources();
        this.prefix = StateApiResources.PREFIX + "-" + config.name();

        // CloudWatch can only publish to an encrypted topic whose key policy lets it use the
        // key; the AWS managed SNS key cannot be changed to allow that, so the topic has its own.
        Key topicKey = Key.Builder.create(this, "TopicKey")
                .description("Encrypts the State API alarm topic (" + config.name() + ")")
                .enableKeyRotation(true)
                .removalPolicy(config.removalPolicy())
                .build();
        topicKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey");
        this.topic = Topic.Builder.create(this, "AlarmTopic")
                .topicName(resources.alarmTopicName())
                .displayName("State API " + config.name() + " alarms")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        options.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));

        EnvironmentConfig.AlarmThresholds thresholds = config.alarms();
        alarm("ApiServerErrors", prefix + "-api-5xx",
                "The HTTP API answered with 5xx: State API turns every input into a 2xx/3xx/4xx, so a 5xx is a fault",
                api.metricServerError(stat("Sum")), thresholds.api5xxPerPeriod(), 1);
        alarm("ApiLatency", prefix + "-api-latency-p99",
                "p99 latency of the HTTP API has been above " + thresholds.apiLatencyP99().toMillis() + " ms for 15 minutes",
                api.metricLatency(stat("p99")), thresholds.apiLatencyP99().toMillis(), 3);
        functionAlarms("ApiFunction", resources.apiFunctionName(), apiFunction);
        functionAlarms("FanOutFunction", resources.fanOutFunctionName(), fanOutFunction);
        functionAlarms("ExpirySweeper", resources.expirySweeperFunctionName(), expirySweeper);
        Metric floorsLost = stateApiMetric(config, Metrics.VERSION_FLOOR_LOST, "Sum");
        alarm("VersionFloorLost", prefix + "-version-floor-lost",
                "A key's version floor could not be kept after its item was removed outside the API: its next "
                        + "versions may repeat old ones, so a stale If-Match could match (ADR 0008). The fan-out's log "
                        + "line names the key; find who deleted the item",
                floorsLost, 1, 1);
        Metric lostAnswers = stateApiMetric(config, Metrics.LOST_ANSWERS_RECOVERED, "Sum");
        alarm("LostAnswersRecovered", prefix + "-lost-answers",
                "Writes keep losing their answers after committing (at least " + LOST_ANSWERS_ALARM_PER_PERIOD
                        + " in 5 minutes for 15 minutes): the AWS SDK sends them again and the store reports each "
                        + "as its commit, so callers see no error, but DynamoDB's answers are timing out",
                lostAnswers, LOST_ANSWERS_ALARM_PER_PERIOD, 3);
        Metric upgradesFailed = stateApiMetric(config, Metrics.UPGRADES_FAILED, "Sum");
        alarm("UpgradesFailed", prefix + "-upgrades-failed",
                "Stored values failed their upgrade to the active schema version (ADR 0057, 0058): served or left "
                        + "as stored, readable at the version they record. A tenant's migration does not fit some of "
                        + "its data; the log lines name the step and why",
                upgradesFailed, 1, 1);
        Metric sweepLag = stateApiMetric(config, Metrics.EXPIRY_SWEEP_LAG, "Maximum");
        alarm("ExpirySweepLag", prefix + "-expiry-sweep-lag",
                "Expired events are more than " + EXPIRY_SWEEP_LAG_ALARM.toMinutes() + " minutes late, or the expiry "
                        + "sweeper stopped running (no data). Expired keys still read as absent; only their events wait",
                sweepLag, EXPIRY_SWEEP_LAG_ALARM.toSeconds(), 1, TreatMissingData.BREACHING);
        alarm("StreamIteratorAge", prefix + "-stream-iterator-age",
                "Change events lag writes by more than " + thresholds.maxIteratorAge().toSeconds()
                        + " s: the fan-out is failing or too slow for the write rate",
                fanOutFunction.metric("IteratorAge", stat("Maximum", Duration.minutes(1))),
                thresholds.maxIteratorAge().toMillis(), 3);
        for (Queue dlq : queues.deadLetterQueues()) {
            String dlqName = dlq == queues.changesDeadLetters() ? "changes-dlq" : "stream-dlq";
            String dlqId = dlq == queues.changesDeadLetters() ? "ChangesDeadLetters" : "StreamFailures";
            alarm(dlqId + "Depth", prefix + "-" + dlqName + "-depth",
                    "Messages are waiting in a dead-letter queue: they were not delivered and need a look and a redrive",
                    dlq.metricApproximateNumberOfMessagesVisible(stat("Maximum")), 1, 1);
        }

        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(resources.dashboardName())
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# State API (" + config.name() + ")\nRequests, errors and latency of the HTTP API; "
                        + "the functions; how far change events lag writes; queues and dead-letter queues.")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("API requests and errors", List.of(api.metricCount(stat("Sum")),
                        api.metricClientError(stat("Sum")), api.metricServerError(stat("Sum")))),
                graph("API latency (ms)", List.of(api.metricLatency(stat("p50")), api.metricLatency(stat("p99")),
                        api.metricIntegrationLatency(stat("p99")))),
                AlarmStatusWidget.Builder.create().title("Alarms").alarms(List.copyOf(alarms)).width(8).height(6).build());
        dashboard.addWidgets(
                graph("Function invocations, errors, throttles", List.of(
                        apiFunction.metricInvocations(stat("Sum")), apiFunction.metricErrors(stat("Sum")),
                        apiFunction.metricThrottles(stat("Sum")), fanOutFunction.metricInvocations(stat("Sum")),
                        fanOutFunction.metricErrors(stat("Sum")), fanOutFunction.metricThrottles(stat("Sum")))),
                graph("Function duration p99 (ms)", List.of(apiFunction.metricDuration(stat("p99")),
                        fanOutFunction.metricDuration(stat("p99")))),
                graph("Stream iterator age (ms)", List.of(fanOutFunction.metric("IteratorAge", stat("Maximum")))));
        dashboard.addWidgets(
                graph("Tenants' change queues: waiting", List.of(tenantQueues(config,
                        "ApproximateNumberOfMessagesVisible"))),
                graph("Tenants' change queues: oldest (s)", List.of(tenantQueues(config,
                        "ApproximateAgeOfOldestMessage"))),
                graph("Dead-letter queues", queues.deadLetterQueues().stream()
                        .map(q -> (IMetric) q.metricApproximateNumberOfMessagesVisible(stat("Maximum")))
                        .toList()));
        dashboard.addWidgets(
                graph("Table: capacity and version conflicts", List.of(
                        table.metricConsumedReadCapacityUnits(stat("Sum")),
                        table.metricConsumedWriteCapacityUnits(stat("Sum")),
                        table.metricConditionalCheckFailedRequests(stat("Sum")))),
                graph("Expiry: values swept, version floors lost", List.of(
                        stateApiMetric(config, Metrics.EXPIRED_KEYS_SWEPT, "Sum"), floorsLost)),
                graph("Expiry sweep lag (s)", List.of(sweepLag)),
                // Each one is a namespace whose approximateKeyCount is off by a batch's delta (ADR 0025).
                graph("Fan-out: key count updates lost", List.of(
                        stateApiMetric(config, Metrics.KEY_COUNT_UPDATE_FAILED, "Sum"))));
        dashboard.addWidgets(
                graph("Requests by route and status", List.of(requestsByRouteAndStatus(config))),
                graph("Requests, conflicts (409/412), idempotent replays", List.of(
                        stateApiMetric(config, Metrics.REQUESTS, "Sum"), stateApiMetric(config, Metrics.CONFLICTS, "Sum"),
                        stateApiMetric(config, Metrics.IDEMPOTENT_REPLAYS, "Sum"))),
                graph("Fan-out: events published, records retried, write-to-publish lag (s)", List.of(
                        stateApiMetric(config, Metrics.EVENTS_PUBLISHED, "Sum"),
                        stateApiMetric(config, Metrics.PUBLISH_RETRIES, "Sum"),
                        stateApiMetric(config, Metrics.PUBLISH_LAG, "Maximum"))));
        dashboard.addWidgets(
                // Too large: the namespace wants values, but subscribers must read the key (ADR 0025).
                graph("Fan-out: events without values (all, too large)", List.of(
                        stateApiMetric(config, Metrics.EVENT_VALUES_OMITTED, "Sum"),
                        stateApiMetric(config, Metrics.EVENT_VALUES_TOO_LARGE, "Sum"))),
                graph("Fan-out: version floors kept and lost (items removed outside the API)", List.of(
                        stateApiMetric(config, Metrics.VERSION_FLOORS_KEPT, "Sum"), floorsLost)),
                graph("Store: writes recovered from a lost answer", List.of(lostAnswers)),
                graph("Schemas: upgrades that failed (on read, in a backfill)", List.of(upgradesFailed)));
        dashboard.addWidgets(
                graph("Expiry sweeper invocations, errors, duration p99 (ms)", List.of(
                        expirySweeper.metricInvocations(stat("Sum")), expirySweeper.metricErrors(stat("Sum")),
                        expirySweeper.metricDuration(stat("p99")))));
    }

    Topic topic() {
        return topic;
    }

    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    Dashboard dashboard() {
        return dashboard;
    }

    private void alarm(String id, String name, String description, Metric metric, Number threshold, int periods) {
        alarm(id, name, description, metric, threshold, periods, TreatMissingData.NOT_BREACHING);
    }

    private void alarm(String id, String name, String description, Metric metric, Number threshold, int periods,
                       TreatMissingData missingData) {
        Alarm alarm = metric.createAlarm(this, id, CreateAlarmOptions.builder()
                .alarmName(name)
                .alarmDescription(Runbook.describe(description, runbookSection(name)))
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(missingData)
                .build());
        SnsAction action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        alarms.add(alarm);
    }

    /** An alarm's section of the runbook is its name without the environment's prefix: {@code api-5xx}. */
    private String runbookSection(String alarmName) {
        return alarmName.substring(prefix.length() + 1);
    }

    private void functionAlarms(String id, String name, Function function) {
        alarm(id + "Errors", name + "-errors",
                "The function " + name + " failed invocations (uncaught exceptions, timeouts, out of memory)",
                function.metricErrors(stat("Sum")), 1, 1);
        alarm(id + "Throttles", name + "-throttles",
                "The function " + name + " was throttled: raise its concurrency or the account's limit",
                function.metricThrottles(stat("Sum")), 1, 1);
    }

    /**
     * A metric of every tenant's change queue: they are created at run time (ADR 0015), so a
     * search on the environment's queue-name prefix finds them (a partial match of its tokens:
     * the DLQs' names do not contain {@code -events}). Searches cannot back an alarm; a tenant's
     * backlog is its consumer's, and what a consumer cannot handle reaches the alarmed DLQ.
     */
    private static SearchExpression tenantQueues(EnvironmentConfig config, String metricName) {
        String prefix = config.resources().tenantEventsQueuePrefix();
        return SearchExpression.Builder.create()
                .expression("SEARCH('{AWS/SQS,QueueName} MetricName=\"" + metricName + "\" QueueName="
                        + prefix.substring(0, prefix.length() - 1) + "', 'Maximum', " + PERIOD.toSeconds() + ")")
                .label("")
                .period(PERIOD)
                .build();
    }

    /**
     * The api function's requests, one line per route and status found (ADR 0048): routes and
     * statuses are not known in advance, so a search over the metric's dimensions finds them.
     */
    private static SearchExpression requestsByRouteAndStatus(EnvironmentConfig config) {
        return SearchExpression.Builder.create()
                .expression("SEARCH('{" + Metrics.NAMESPACE + "," + Metrics.ENVIRONMENT_DIMENSION + ","
                        + Metrics.ROUTE_DIMENSION + "," + Metrics.STATUS_DIMENSION + "} MetricName=\"" + Metrics.REQUESTS
                        + "\" " + Metrics.ENVIRONMENT_DIMENSION + "=\"" + config.name() + "\"', 'Sum', "
                        + PERIOD.toSeconds() + ")")
                .label("")
                .period(PERIOD)
                .build();
    }

    /** One of the functions' own metrics (EMF log lines, io.stateapi.metrics.EmbeddedMetrics). */
    private static Metric stateApiMetric(EnvironmentConfig config, String name, String statistic) {
        return Metric.Builder.create()
                .namespace(Metrics.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(Metrics.ENVIRONMENT_DIMENSION, config.name()))
                .statistic(statistic)
                .period(PERIOD)
                .build();
    }

    private static MetricOptions stat(String statistic) {
        return stat(statistic, PERIOD);
    }

    private static MetricOptions stat(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(List.copyOf(metrics)).width(8).height(6).build();
    }
}
