package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

class ConfigurationTest {

    private static DeploymentOptions fromContext(Map<String, Object> context) {
        return DeploymentOptions.fromContext(new App(AppProps.builder().context(context).build()).getNode());
    }

    @Test
    void everyNamedEnvironmentHasAConfiguration() {
        assertThat(EnvironmentConfig.NAMES).allSatisfy(name ->
                assertThat(EnvironmentConfig.named(name).name()).isEqualTo(name));
    }

    @Test
    void anUnknownEnvironmentIsRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> EnvironmentConfig.named("qa"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[dev, staging, prod]");
    }

    @Test
    void streamRetriesMustBeBounded() {
        assertThatThrownBy(() -> new EnvironmentConfig.StreamProcessing(100, Duration.ZERO, -1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bounded");
    }

    @Test
    void aTenantsDefaultQuotaIsAtLeastOneRequestAndAtMostTheStagesRate() {
        EnvironmentConfig dev = EnvironmentConfig.dev();

        assertThatThrownBy(() -> dev.withTenantRequestsPerSecond(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenantRequestsPerSecond");
        assertThatThrownBy(() -> dev.withTenantRequestsPerSecond(dev.throttle().rateLimit() + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage");
        assertThat(dev.withTenantRequestsPerSecond(dev.throttle().rateLimit()).tenantRequestsPerSecond())
                .isEqualTo(dev.throttle().rateLimit());
    }

    /** Reserved concurrency 0 is Lambda's way of switching a function off: events would stop. */
    @Test
    void theFanOutsReservedConcurrencyIsAtLeastOne() {
        assertThatThrownBy(() -> EnvironmentConfig.dev().withFanOutReservedConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fanOutReservedConcurrency");
    }

    @Test
    void withoutContextTheApiUsesTheEnvironmentsAuthenticationAndNoCorsAndAnAwsOwnedKey() {
        DeploymentOptions options = fromContext(Map.of());

        assertThat(options.jwt()).isEmpty();
        assertThat(options.authorizer()).isEmpty();
        assertThat(options.defaultTenant()).isEmpty();
        assertThat(options.corsAllowedOrigins()).isEmpty();
        assertThat(options.tableKey()).isEqualTo(DeploymentOptions.TableKey.AWS_OWNED);
        assertThat(options.alarmEmail()).isEmpty();
        assertThat(options.console()).isEmpty(); // the default: beside every JWT deployment (ADR 0054)
        assertThat(options.functionsJar().getFileName().toString()).endsWith("-lambda.jar");
    }

    @Test
    void contextSwitchesOnJwtCorsACustomerManagedKeyAndAnAlarmEmail() {
        DeploymentOptions options = fromContext(Map.of(
                "jwtIssuer", "https://login.example.com/",
                "jwtAudience", "a, b",
                "corsAllowedOrigins", "https://x.example.com,https://y.example.com",
                "tableEncryption", "customer-managed",
                "alarmEmail", "ops@example.com"));

        assertThat(options.jwt()).contains(new DeploymentOptions.JwtAuthorization("https://login.example.com/", List.of("a", "b")));
        assertThat(options.corsAllowedOrigins()).containsExactly("https://x.example.com", "https://y.example.com");
        assertThat(options.tableKey()).isEqualTo(DeploymentOptions.TableKey.CUSTOMER_MANAGED);
        assertThat(options.alarmEmail()).isEqualTo(Optional.of("ops@example.com"));
    }

    @Test
    void aJwtIssuerMustBeHttpsAndHaveAnAudience() {
        assertThatThrownBy(() -> fromContext(Map.of("jwtIssuer", "http://login.example.com/", "jwtAudience", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> fromContext(Map.of("jwtIssuer", "https://login.example.com/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jwtAudience");
        assertThatThrownBy(() -> fromContext(Map.of("jwtAudience", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jwtIssuer");
    }

    @Test
    void anUnknownTableEncryptionIsRejected() {
        assertThatThrownBy(() -> fromContext(Map.of("tableEncryption", "aws-managed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer-managed");
    }
}
