package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.stateapi.resources.FunctionProperties;
import io.stateapi.resources.StateApiResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The api function learns from one setting whether its gateway decodes the request path (ADR 0009). */
class PathArrivesDecodedSettingTest {

    private static boolean settingWith(PropertySource source) {
        try (ApplicationContext context = ApplicationContext.builder().propertySources(source).start()) {
            return ApiFunction.pathArrivesDecoded(context);
        }
    }

    @Test
    void theEnvironmentVariableTheCdkAppSetsTurnsItOn() {
        assertThat(settingWith(PropertySource.of("env",
                Map.of(StateApiResources.ENV_PATH_ARRIVES_DECODED, "true"),
                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))).isTrue();
    }

    @Test
    void thePropertyTheLocalStackSetsTurnsItOn() {
        assertThat(settingWith(PropertySource.of("local", Map.of(FunctionProperties.PATH_ARRIVES_DECODED, true)))).isTrue();
    }

    @Test
    void withoutTheSettingThePathIsTakenAsSent() {
        assertThat(settingWith(PropertySource.of("none", Map.of()))).isFalse();
    }
}
