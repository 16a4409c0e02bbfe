package io.stateapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.resources.StateApiResources;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CDK app configures the api function through the environment variables of
 * {@link StateApiResources}; the function reads the property keys of {@link FunctionProperties},
 * which the local stack sets directly. Each variable must reach its key through Micronaut's
 * convention, or a deployed function would miss a setting the local stack gives it.
 */
class FunctionPropertiesTest {

    @ParameterizedTest(name = "{0} sets {1}")
    @CsvSource({
            StateApiResources.ENV_TABLE_NAME + "," + FunctionProperties.TABLE_NAME,
            StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME + "," + FunctionProperties.IDEMPOTENCY_TABLE_NAME,
            StateApiResources.ENV_IDEMPOTENCY_RETENTION + "," + FunctionProperties.IDEMPOTENCY_RETENTION,
            StateApiResources.ENV_ITEM_WRITE_FORMAT + "," + FunctionProperties.ITEM_WRITE_FORMAT,
            StateApiResources.ENV_CATALOG_TABLE_NAME + "," + FunctionProperties.CATALOG_TABLE_NAME,
            StateApiResources.ENV_CHANGE_LOG_TABLE_NAME + "," + FunctionProperties.CHANGE_LOG_TABLE_NAME,
            StateApiResources.ENV_ENVIRONMENT + "," + FunctionProperties.ENVIRONMENT,
            StateApiResources.ENV_AWS_ENDPOINT + "," + FunctionProperties.AWS_ENDPOINT,
            StateApiResources.ENV_AUTH_TENANT_CLAIM + "," + FunctionProperties.AUTH_TENANT_CLAIM,
            StateApiResources.ENV_AUTH_NAMESPACES_CLAIM + "," + FunctionProperties.AUTH_NAMESPACES_CLAIM,
            StateApiResources.ENV_AUTH_DEFAULT_TENANT + "," + FunctionProperties.AUTH_DEFAULT_TENANT,
            StateApiResources.ENV_ALARM_TOPIC_ARN + "," + FunctionProperties.ALARM_TOPIC_ARN,
            StateApiResources.ENV_PATH_ARRIVES_DECODED + "," + FunctionProperties.PATH_ARRIVES_DECODED,
            StateApiResources.ENV_CURSOR_KEY + "," + FunctionProperties.CURSOR_KEY,
    })
    void theEnvironmentVariableTheCdkAppSetsIsThePropertyTheFunctionReads(String variable, String property) {
        PropertySource environment = PropertySource.of("env", Map.of(variable, "set-by-the-cdk-app"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        try (ApplicationContext context = ApplicationContext.builder().propertySources(environment).start()) {
            assertThat(context.getProperty(property, String.class)).isEqualTo(Optional.of("set-by-the-cdk-app"));
        }
    }
}
