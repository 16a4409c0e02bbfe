package io.stateapi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.resources.StateApiResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tenant's default request quota comes from one setting, given as the CDK app or the local stack gives it (ADR 0017). */
class TenantQuotaSettingTest {

    private static int settingWith(PropertySource... sources) {
        try (ApplicationContext context = ApplicationContext.builder().propertySources(sources).start()) {
            return StateApiFactory.tenantRequestsPerSecond(context);
        }
    }

    private static PropertySource environmentVariable(String value) {
        return PropertySource.of("env", Map.of(StateApiResources.ENV_TENANT_REQUESTS_PER_SECOND, value),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
    }

    @Test
    void theEnvironmentVariableTheCdkAppSetsSetsIt() {
        assertThat(settingWith(environmentVariable("250"))).isEqualTo(250);
    }

    @Test
    void thePropertyTheLocalStackSetsSetsIt() {
        assertThat(settingWith(PropertySource.of("local", Map.of(FunctionProperties.TENANT_REQUESTS_PER_SECOND, 40))))
                .isEqualTo(40);
    }

    @Test
    void withoutTheSettingATenantMaySendTheDocumentedDefault() {
        assertThat(settingWith(PropertySource.of("none", Map.of())))
                .isEqualTo(StateApiResources.DEFAULT_TENANT_REQUESTS_PER_SECOND).isEqualTo(100);
    }

    @Test
    void lessThanOneRequestPerSecondIsAConfigurationError() {
        assertThatThrownBy(() -> settingWith(environmentVariable("0"))).isInstanceOf(IllegalArgumentException.class);
    }
}
