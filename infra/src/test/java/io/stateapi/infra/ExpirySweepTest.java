package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.TracingSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The expiry sweeper (ADR 0008): a plain function, run by an EventBridge schedule only. */
class ExpirySweepTest {

    private static String sweeper(Synthesized s) {
        return s.idOf("AWS::Lambda::Function", "FunctionName",
                StateApiResources.forEnvironment(s.config().name()).expirySweeperFunctionName());
    }

    private static String schedule(Synthesized s) {
        return s.idOf("AWS::Events::Rule", "Name",
                StateApiResources.forEnvironment(s.config().name()).expirySweepScheduleName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theSweeperIsAPlainJavaFunctionOfTheSameJar(String env) {
        Synthesized s = Synthesized.of(env);
        Map<String, Object> fn = s.props(sweeper(s));

        assertThat(fn.get("Handler")).isEqualTo(StateApiResources.EXPIRY_SWEEPER_HANDLER);
        assertThat(fn.get("Runtime")).isEqualTo("java21");
        assertThat(fn.get("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(fn.get("TracingConfig")).isEqualTo(Map.of("Mode", "Active"));
        assertThat(fn).doesNotContainKey("SnapStart");
        String api = s.idOf("AWS::Lambda::Function", "FunctionName",
                StateApiResources.forEnvironment(env).apiFunctionName());
        assertThat(fn.get("Code")).isEqualTo(s.props(api).get("Code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theSweeperKnowsItsTablesAndItsEnvironment(String env) {
        Synthesized s = Synthesized.of(env);
        String table = s.idOf("AWS::DynamoDB::Table", "TableName", StateApiResources.forEnvironment(env).tableName());
        String catalog = s.idOf("AWS::DynamoDB::Table", "TableName",
                StateApiResources.forEnvironment(env).catalogTableName());
        String idempotency = s.idOf("AWS::DynamoDB::Table", "TableName",
                StateApiResources.forEnvironment(env).idempotencyTableName());

        // the catalog: namespace purges to run, their progress and the version floors; the
        // idempotency table: a purged namespace's records (ADR 0019)
        assertThat(s.props(sweeper(s)).get("Environment")).isEqualTo(Map.of("Variables", Map.of(
                StateApiResources.ENV_TABLE_NAME, Synthesized.ref(table),
                StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME, Synthesized.ref(idempotency),
                StateApiResources.ENV_CATALOG_TABLE_NAME, Synthesized.ref(catalog),
                StateApiResources.ENV_ENVIRONMENT, env,
                StateApiResources.ENV_ITEM_WRITE_FORMAT, "1",
                TracingSettings.ENV_TRACING, TracingSettings.XRAY)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void aScheduleRunsTheSweeperEveryIntervalWithoutRetries(String env) {
        Synthesized s = Synthesized.of(env);
        Map<String, Object> rule = s.props(schedule(s));

        assertThat(rule.get("ScheduleExpression"))
                .isEqualTo("rate(" + Housekeeping.SWEEP_INTERVAL_MINUTES + " minute)");
        assertThat(rule.get("State")).isEqualTo("ENABLED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) rule.get("Targets");
        // the next scheduled run does a failed run's work: a retry would only overlap it
        assertThat(targets).singleElement().satisfies(target -> {
            assertThat(target.get("Arn")).isEqualTo(Synthesized.getAtt(sweeper(s), "Arn"));
            assertThat(target.get("RetryPolicy")).isEqualTo(Map.of(
                    "MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 60));
        });
        assertThat(properties(s.only("AWS::Lambda::EventInvokeConfig")))
                .containsEntry("FunctionName", Synthesized.ref(sweeper(s)))
                .containsEntry("MaximumRetryAttempts", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void onlyTheScheduleMayInvokeTheSweeper(String env) {
        Synthesized s = Synthesized.of(env);

        assertThat(s.resources("AWS::Lambda::Permission").values()).map(Synthesized::properties)
                .filteredOn(p -> Synthesized.getAtt(sweeper(s), "Arn").equals(p.get("FunctionName")))
                .singleElement().satisfies(permission -> assertThat(permission)
                        .containsEntry("Action", "lambda:InvokeFunction")
                        .containsEntry("Principal", "events.amazonaws.com")
                        .containsEntry("SourceArn", Synthesized.getAtt(schedule(s), "Arn")));
    }
}
