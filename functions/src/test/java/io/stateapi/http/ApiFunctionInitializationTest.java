package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.http.server.HttpServerConfiguration;
import io.stateapi.resources.FunctionProperties;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The api function's context builds its singletons eagerly only when Lambda initializes it off
 * the request path (ADR 0041): a cold start on demand builds what its first request needs, a
 * SnapStart snapshot or a provisioned environment holds everything.
 */
class ApiFunctionInitializationTest {

    private static final Map<String, Object> PROPERTIES = Map.of(
            FunctionProperties.TABLE_NAME, "t", FunctionProperties.IDEMPOTENCY_TABLE_NAME, "i",
            FunctionProperties.CATALOG_TABLE_NAME, "c", FunctionProperties.CHANGE_LOG_TABLE_NAME, "l",
            FunctionProperties.AWS_ENDPOINT, "http://127.0.0.1:9",
            FunctionProperties.CURSOR_KEY, "Y29sZC1zdGFydC1pbml0aWFsaXphdGlvbi10ZXN0LWtleQ");

    @BeforeAll
    static void region() {
        if (System.getProperty("aws.region") == null && System.getenv("AWS_REGION") == null) {
            System.setProperty("aws.region", "us-east-1"); // clients are built, never called
        }
    }

    private static ApplicationContext started(String initializationType) {
        return ApiContext.builder(initializationType).properties(PROPERTIES).start();
    }

    @Test
    void onDemandNoAwsClientIsBuiltBeforeARequestNeedsIt() {
        try (ApplicationContext context = started("on-demand")) {
            assertThat(context.getActiveBeanRegistrations(DynamoDbClient.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(SqsClient.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(SnsClient.class)).isEmpty();
            assertThat(context.getActiveBeanRegistrations(CloudWatchClient.class)).isEmpty();
        }
    }

    @Test
    void outsideLambdaTheContextStartsAsOnDemand() {
        try (ApplicationContext context = started(null)) {
            assertThat(context.getActiveBeanRegistrations(DynamoDbClient.class)).isEmpty();
        }
    }

    @Test
    void beforeASnapStartSnapshotEverySingletonIsBuilt() {
        try (ApplicationContext context = started("snap-start")) {
            assertThat(context.getActiveBeanRegistrations(DynamoDbClient.class)).hasSize(1);
            assertThat(context.getActiveBeanRegistrations(SqsClient.class)).hasSize(1);
            assertThat(context.getActiveBeanRegistrations(CloudWatchClient.class)).hasSize(1);
        }
    }

    @Test
    void forProvisionedConcurrencyEverySingletonIsBuilt() {
        try (ApplicationContext context = started("provisioned-concurrency")) {
            assertThat(context.getActiveBeanRegistrations(DynamoDbClient.class)).hasSize(1);
            assertThat(context.getActiveBeanRegistrations(SnsClient.class)).hasSize(1);
        }
    }

    @Test
    void itKeepsTheEnvironmentsOfMicronautsLambdaContextAndDeducesNoOther() {
        try (ApplicationContext context = started("on-demand")) {
            // no "test" although JUnit runs it: the names are the ones given, nothing is deduced (ADR 0072)
            assertThat(context.getEnvironment().getActiveNames()).containsExactlyInAnyOrder(Environment.FUNCTION, "lambda");
        }
    }

    @Test
    void onDemandConfigurationBeansAreBuiltWhenFirstNeeded() {
        try (ApplicationContext context = started("on-demand")) {
            assertThat(context.getActiveBeanRegistrations(HttpServerConfiguration.class)).isEmpty();
            assertThat(context.getBean(HttpServerConfiguration.class)).isNotNull();
        }
        try (ApplicationContext context = started("snap-start")) {
            assertThat(context.getActiveBeanRegistrations(HttpServerConfiguration.class)).hasSize(1);
        }
    }
}
