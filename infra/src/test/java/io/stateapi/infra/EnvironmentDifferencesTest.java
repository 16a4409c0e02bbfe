package io.stateapi.infra;

import static io.stateapi.infra.Synthesized.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What differs between dev and prod, read from the synthesized templates with the values
 * spelled out: a change to an environment's shape shows up here as a deliberate edit.
 */
class EnvironmentDifferencesTest {

    private static final Synthesized DEV = Synthesized.of("dev");
    private static final Synthesized STAGING = Synthesized.of("staging");
    private static final Synthesized PROD = Synthesized.of("prod");

    private static Map<String, Object> apiFunction(Synthesized s) {
        return s.props(s.idOf("AWS::Lambda::Function", "FunctionName",
                StateApiResources.forEnvironment(s.config().name()).apiFunctionName()));
    }

    private static Map<String, Object> fanOutFunction(Synthesized s) {
        return s.props(s.idOf("AWS::Lambda::Function", "FunctionName",
                StateApiResources.forEnvironment(s.config().name()).fanOutFunctionName()));
    }

    @Test
    void devDataIsDisposableAndProdDataIsKept() {
        assertThat(DEV.stateTable()).containsEntry("DeletionPolicy", "Delete");
        assertThat(properties(DEV.stateTable())).containsEntry("DeletionProtectionEnabled", false);
        assertThat(PROD.stateTable()).containsEntry("DeletionPolicy", "Retain");
        assertThat(properties(PROD.stateTable())).containsEntry("DeletionProtectionEnabled", true);
    }

    @Test
    void onlyProdAndStagingStacksAreTerminationProtected() {
        assertThat(DEV.stack().getTerminationProtection()).isFalse();
        assertThat(Synthesized.of("staging").stack().getTerminationProtection()).isTrue();
        assertThat(PROD.stack().getTerminationProtection()).isTrue();
    }

    @Test
    void prodGivesTheApiFunctionAFullVcpu() {
        assertThat(apiFunction(DEV)).containsEntry("MemorySize", 1024).containsEntry("Timeout", 10);
        assertThat(apiFunction(PROD)).containsEntry("MemorySize", 1769).containsEntry("Timeout", 10);
    }

    @Test
    void devDeliversChangeEventsOneSmallBatchAtOnceAndProdBatchesForThroughput() {
        assertThat(properties(DEV.only("AWS::Lambda::EventSourceMapping")))
                .containsEntry("BatchSize", 10).containsEntry("MaximumBatchingWindowInSeconds", 0)
                .containsEntry("MaximumRetryAttempts", 3).containsEntry("MaximumRecordAgeInSeconds", 3600);
        assertThat(properties(PROD.only("AWS::Lambda::EventSourceMapping")))
                .containsEntry("BatchSize", 100).containsEntry("MaximumBatchingWindowInSeconds", 1)
                .containsEntry("MaximumRetryAttempts", 10).containsEntry("MaximumRecordAgeInSeconds", 86_400);
    }

    @Test
    void prodAllowsMoreTrafficBeforeThrottling() {
        assertThat(properties(DEV.only("AWS::ApiGatewayV2::Stage")).get("DefaultRouteSettings"))
                .isEqualTo(Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100));
        assertThat(properties(PROD.only("AWS::ApiGatewayV2::Stage")).get("DefaultRouteSettings"))
                .isEqualTo(Map.of("ThrottlingRateLimit", 1000, "ThrottlingBurstLimit", 2000));
    }

    /** A tenant's default share of the stage-wide rate: one busy tenant leaves the rest to the others (ADR 0015). */
    @Test
    void eachTenantMayUseAFractionOfTheStagesRateByDefault() {
        assertThat(apiFunction(DEV).get("Environment").toString())
                .contains(StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND + "=20");
        assertThat(apiFunction(STAGING).get("Environment").toString())
                .contains(StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND + "=50");
        assertThat(apiFunction(PROD).get("Environment").toString())
                .contains(StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND + "=200");
    }

    @Test
    void prodReservesMoreConcurrencyForTheFanOut() {
        assertThat(fanOutFunction(DEV)).containsEntry("ReservedConcurrentExecutions", 2);
        assertThat(fanOutFunction(STAGING)).containsEntry("ReservedConcurrentExecutions", 10);
        assertThat(fanOutFunction(PROD)).containsEntry("ReservedConcurrentExecutions", 50);
    }

    @Test
    void devIsSingleTenantOverIamAndProdTakesJwts() {
        assertThat(DEV.resources("AWS::ApiGatewayV2::Authorizer")).isEmpty();
        assertThat(apiFunction(DEV).get("Environment").toString())
                .contains(StateApiResources.ENV_AUTH_DEFAULT_TENANT + "=default");
        assertThat(PROD.resources("AWS::ApiGatewayV2::Authorizer").values()).singleElement()
                .satisfies(a -> assertThat(properties(a)).containsEntry("AuthorizerType", "JWT"));
    }

    @Test
    void prodKeepsLogsLonger() {
        assertThat(DEV.resources("AWS::Logs::LogGroup").values())
                .allSatisfy(g -> assertThat(properties(g)).containsEntry("RetentionInDays", 7));
        assertThat(PROD.resources("AWS::Logs::LogGroup").values())
                .allSatisfy(g -> assertThat(properties(g)).containsEntry("RetentionInDays", 90));
    }

    @Test
    void prodAlarmsAreTighter() {
        assertThat(DEV.props(DEV.idOf("AWS::CloudWatch::Alarm", "AlarmName", "state-api-dev-api-latency-p99")))
                .containsEntry("Threshold", 3000);
        assertThat(PROD.props(PROD.idOf("AWS::CloudWatch::Alarm", "AlarmName", "state-api-prod-api-latency-p99")))
                .containsEntry("Threshold", 1000);
    }

    @Test
    void everythingElseIsTheSameShape() {
        for (String type : new String[] {"AWS::Lambda::Function", "AWS::SQS::Queue", "AWS::ApiGatewayV2::Route",
                "AWS::CloudWatch::Alarm", "AWS::IAM::Role", "AWS::KMS::Key"}) {
            // but for the console, which a JWT deployment has and dev's IAM one cannot (ADR 0054)
            assertThat(PROD.resources(type).keySet().stream().filter(id -> !Synthesized.consoleCopyFunction(id)))
                    .as(type).hasSameSizeAs(DEV.resources(type).keySet());
        }
    }
}
