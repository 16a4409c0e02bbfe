package io.stateapi.infra;

import io.stateapi.resources.Metrics;
import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MonitoringTest {

    private static final String ALARM = "AWS::CloudWatch::Alarm";

    private static Map<String, Object> alarm(Synthesized s, String name) {
        return s.props(s.idOf(ALARM, "AlarmName", name));
    }

    private static String prefix(String env) {
        return StateApiResources.PREFIX + "-" + env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyAlarmNotifiesTheAlarmTopicWhenItFiresAndWhenItClears(String env) {
        Synthesized s = Synthesized.of(env);
        String topic = s.idOf("AWS::SNS::Topic", "TopicName", StateApiResources.forEnvironment(env).alarmTopicName());

        assertThat(s.resources(ALARM).values()).isNotEmpty().allSatisfy(a -> {
            assertThat(properties(a).get("AlarmActions")).isEqualTo(List.of(Synthesized.ref(topic)));
            assertThat(properties(a).get("OKActions")).isEqualTo(List.of(Synthesized.ref(topic)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void missingDataIsHealthyExceptFromTheSweeperWhichReportsEveryRun(String env) {
        Synthesized s = Synthesized.of(env);

        assertThat(s.resources(ALARM).values()).map(Synthesized::properties)
                .filteredOn(a -> !a.get("AlarmName").equals(prefix(env) + "-expiry-sweep-lag"))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("TreatMissingData")).isEqualTo("notBreaching"));
        assertThat(alarm(s, prefix(env) + "-expiry-sweep-lag").get("TreatMissingData")).isEqualTo("breaching");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void alarmsCoverTheApiTheFunctionsTheStreamAndEveryDeadLetterQueue(String env) {
        Set<String> names = Synthesized.of(env).resources(ALARM).values().stream()
                .map(a -> properties(a).get("AlarmName").toString()).collect(Collectors.toSet());

        String p = prefix(env);
        assertThat(names).containsExactlyInAnyOrder(
                p + "-api-5xx", p + "-api-latency-p99",
                p + "-api-errors", p + "-api-throttles",
                p + "-fanout-errors", p + "-fanout-throttles",
                p + "-expiry-sweeper-errors", p + "-expiry-sweeper-throttles",
                p + "-stream-iterator-age",
                p + "-changes-dlq-depth", p + "-stream-dlq-depth",
                p + "-version-floor-lost", p + "-expiry-sweep-lag", p + "-lost-answers", p + "-upgrades-failed");
    }

    /** ADR 0007: a lost answer now and then is the network; a steady stream of them is worth a look. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void lostAnswersAlarmWhenTheyKeepComingForFifteenMinutes(String env) {
        assertThat(alarm(Synthesized.of(env), prefix(env) + "-lost-answers"))
                .containsEntry("Namespace", Metrics.NAMESPACE)
                .containsEntry("MetricName", Metrics.LOST_ANSWERS_RECOVERED)
                .containsEntry("Dimensions", List.of(Map.of(
                        "Name", Metrics.ENVIRONMENT_DIMENSION, "Value", env)))
                .containsEntry("Statistic", "Sum")
                .containsEntry("Period", 300)
                .containsEntry("Threshold", Monitoring.LOST_ANSWERS_ALARM_PER_PERIOD)
                .containsEntry("EvaluationPeriods", 3)
                .containsEntry("DatapointsToAlarm", 3)
                .containsEntry("TreatMissingData", "notBreaching")
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    }

    /** ADR 0057, 0058: a migration that fails on stored values leaves them behind; the tenant must hear of it. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void aFailedUpgradeAlarmsAtTheFirstOne(String env) {
        assertThat(alarm(Synthesized.of(env), prefix(env) + "-upgrades-failed"))
                .containsEntry("Namespace", Metrics.NAMESPACE)
                .containsEntry("MetricName", Metrics.UPGRADES_FAILED)
                .containsEntry("Dimensions", List.of(Map.of(
                        "Name", Metrics.ENVIRONMENT_DIMENSION, "Value", env)))
                .containsEntry("Statistic", "Sum")
                .containsEntry("Threshold", 1)
                .containsEntry("EvaluationPeriods", 1)
                .containsEntry("TreatMissingData", "notBreaching")
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    }

    /** ADR 0008: a key whose version floor could not be kept may repeat versions; someone must look. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void aLostVersionFloorAlarmsAtTheFirstOne(String env) {
        assertThat(alarm(Synthesized.of(env), prefix(env) + "-version-floor-lost"))
                .containsEntry("Namespace", Metrics.NAMESPACE)
                .containsEntry("MetricName", Metrics.VERSION_FLOOR_LOST)
                .containsEntry("Dimensions", List.of(Map.of(
                        "Name", Metrics.ENVIRONMENT_DIMENSION, "Value", env)))
                .containsEntry("Statistic", "Sum")
                .containsEntry("Threshold", 1)
                .containsEntry("EvaluationPeriods", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
    }

    /** Expired events are late when sweeps fall behind, or stop: every run reports its lag. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theSweepLagAlarmsWhenExpiredEventsAreLateOrTheSweeperStops(String env) {
        assertThat(alarm(Synthesized.of(env), prefix(env) + "-expiry-sweep-lag"))
                .containsEntry("Namespace", Metrics.NAMESPACE)
                .containsEntry("MetricName", Metrics.EXPIRY_SWEEP_LAG)
                .containsEntry("Dimensions", List.of(Map.of(
                        "Name", Metrics.ENVIRONMENT_DIMENSION, "Value", env)))
                .containsEntry("Statistic", "Maximum")
                .containsEntry("Threshold", (int) Monitoring.EXPIRY_SWEEP_LAG_ALARM.toSeconds())
                .containsEntry("TreatMissingData", "breaching");
    }

    /**
     * Tenants' queues are created at run time, so no alarm or widget can name them: the dashboard
     * finds them with a search on the environment's queue-name prefix. Their backlog alarms no one
     * (a tenant's consumer is the tenant's); what they could not deliver reaches the shared DLQ,
     * which alarms (ADR 0015).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theDashboardFindsTheTenantsQueuesByTheEnvironmentsPrefix(String env) {
        String body = properties(Synthesized.of(env).only("AWS::CloudWatch::Dashboard")).get("DashboardBody").toString();
        String search = "SEARCH('{AWS/SQS,QueueName} MetricName=\\\"%s\\\" QueueName=state-api-" + env
                + "-events', 'Maximum', 300)";

        assertThat(body).contains(search.formatted("ApproximateNumberOfMessagesVisible"),
                search.formatted("ApproximateAgeOfOldestMessage"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyDeadLetterQueueHasADepthAlarm(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);

        for (String dlqName : List.of(resources.changesDeadLetterQueueName(), resources.streamFailureQueueName())) {
            String dlq = s.idOf("AWS::SQS::Queue", "QueueName", dlqName);
            assertThat(s.resources(ALARM).values()).anySatisfy(a -> assertThat(properties(a))
                    .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                    .containsEntry("Namespace", "AWS/SQS")
                    .containsEntry("Threshold", 1)
                    .containsEntry("Dimensions", List.of(Map.of("Name", "QueueName",
                            "Value", Synthesized.getAtt(dlq, "QueueName")))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiAlarmThresholdsAreTheEnvironments(String env) {
        Synthesized s = Synthesized.of(env);
        EnvironmentConfig.AlarmThresholds thresholds = EnvironmentConfig.named(env).alarms();
        String api = s.resources("AWS::ApiGatewayV2::Api").keySet().iterator().next();

        assertThat(alarm(s, prefix(env) + "-api-5xx"))
                .containsEntry("Namespace", "AWS/ApiGateway").containsEntry("MetricName", "5xx")
                .containsEntry("Statistic", "Sum")
                .containsEntry("Threshold", thresholds.api5xxPerPeriod())
                .containsEntry("Dimensions", List.of(Map.of("Name", "ApiId", "Value", Synthesized.ref(api))));
        assertThat(alarm(s, prefix(env) + "-api-latency-p99"))
                .containsEntry("MetricName", "Latency").containsEntry("ExtendedStatistic", "p99")
                .containsEntry("Threshold", (int) thresholds.apiLatencyP99().toMillis())
                .containsEntry("EvaluationPeriods", 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void iteratorAgeAlarmWatchesTheFanOutFunction(String env) {
        Synthesized s = Synthesized.of(env);
        String fanOut = s.idOf("AWS::Lambda::Function", "FunctionName",
                StateApiResources.forEnvironment(env).fanOutFunctionName());

        assertThat(alarm(s, prefix(env) + "-stream-iterator-age"))
                .containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", "IteratorAge")
                .containsEntry("Statistic", "Maximum")
                .containsEntry("Threshold", (int) EnvironmentConfig.named(env).alarms().maxIteratorAge().toMillis())
                .containsEntry("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Synthesized.ref(fanOut))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void functionErrorAndThrottleAlarmsFireOnTheFirstOne(String env) {
        Synthesized s = Synthesized.of(env);
        for (String name : List.of("-api-errors", "-api-throttles", "-fanout-errors", "-fanout-throttles",
                "-expiry-sweeper-errors", "-expiry-sweeper-throttles")) {
            assertThat(alarm(s, prefix(env) + name))
                    .containsEntry("Namespace", "AWS/Lambda")
                    .containsEntry("Threshold", 1)
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void alarmTopicIsEncryptedWithAKeyCloudWatchMayUseAndRequiresTls(String env) {
        Synthesized s = Synthesized.of(env);
        String topic = s.idOf("AWS::SNS::Topic", "TopicName", StateApiResources.forEnvironment(env).alarmTopicName());
        String key = s.idOf("AWS::KMS::Key", "Description", "Encrypts the State API alarm topic (" + env + ")");

        assertThat(s.props(topic).get("KmsMasterKeyId")).isEqualTo(Synthesized.getAtt(key, "Arn"));
        assertThat(s.props(key).get("EnableKeyRotation")).isEqualTo(true);
        assertThat(s.props(key).get("KeyPolicy").toString())
                .contains("Service=cloudwatch.amazonaws.com").contains("kms:GenerateDataKey");
        assertThat(properties(s.only("AWS::SNS::TopicPolicy")).get("PolicyDocument").toString())
                .contains("aws:SecureTransport=false").contains("Effect=Deny");
    }

    @Test
    void anAlarmEmailIsSubscribedToTheTopicWhenGiven() {
        Synthesized s = Synthesized.prodWithAllOptions();

        assertThat(properties(s.only("AWS::SNS::Subscription")))
                .containsEntry("Protocol", "email").containsEntry("Endpoint", "oncall@example.com");
        assertThat(Synthesized.of("prod").resources("AWS::SNS::Subscription")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void dashboardShowsTheApiFunctionsStreamAndQueues(String env) {
        Map<String, Object> dashboard = properties(Synthesized.of(env).only("AWS::CloudWatch::Dashboard"));

        assertThat(dashboard.get("DashboardName")).isEqualTo(StateApiResources.forEnvironment(env).dashboardName());
        assertThat(dashboard.get("DashboardBody").toString())
                .contains("AWS/ApiGateway", "AWS/Lambda", "IteratorAge", "AWS/SQS", "AWS/DynamoDB", "alarm",
                        Metrics.EXPIRED_KEYS_SWEPT, Metrics.EXPIRY_SWEEP_LAG,
                        Metrics.VERSION_FLOOR_LOST, Metrics.KEY_COUNT_UPDATE_FAILED);
    }

    /** The functions' own request and publish metrics (ADR 0048, docs/observability.md). */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void dashboardShowsRequestsByRouteAndStatusConflictsReplaysAndThePublishingOfEvents(String env) {
        String body = properties(Synthesized.of(env).only("AWS::CloudWatch::Dashboard")).get("DashboardBody").toString();

        assertThat(body).contains(Metrics.REQUESTS, Metrics.CONFLICTS, Metrics.IDEMPOTENT_REPLAYS,
                Metrics.EVENTS_PUBLISHED, Metrics.PUBLISH_RETRIES, Metrics.PUBLISH_LAG,
                Metrics.EVENT_VALUES_OMITTED, Metrics.EVENT_VALUES_TOO_LARGE, Metrics.VERSION_FLOORS_KEPT,
                Metrics.LOST_ANSWERS_RECOVERED, Metrics.UPGRADES_FAILED);
        assertThat(body).contains("SEARCH('{StateApi,Environment,Route,Status} MetricName=\\\"Requests\\\" "
                + "Environment=\\\"" + env + "\\\"', 'Sum', 300)");
    }
}
