package io.stateapi.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.metrics.EmbeddedServiceMetrics;
import io.stateapi.metrics.RequestMetrics;
import io.stateapi.metrics.StoreMetrics;
import io.stateapi.metrics.UpgradeMetrics;
import io.stateapi.resources.FunctionProperties;
import jakarta.inject.Singleton;

/**
 * The api function's metrics: EMF lines on standard output, in the environment named by
 * {@code state.environment} (env {@code STATE_ENVIRONMENT}). A test registers an
 * {@link EmbeddedMetrics} of its own, which then wins over this one.
 */
@Factory
public class MetricsFactory {

    @Singleton
    @Secondary
    EmbeddedMetrics embeddedMetrics(@Value("${" + FunctionProperties.ENVIRONMENT + ":dev}") String environment) {
        return EmbeddedMetrics.toStandardOutput(environment);
    }

    @Singleton
    RequestMetrics requestMetrics(EmbeddedMetrics metrics) {
        return new EmbeddedServiceMetrics(metrics);
    }

    @Singleton
    StoreMetrics storeMetrics(EmbeddedMetrics metrics) {
        return new EmbeddedServiceMetrics(metrics);
    }

    @Singleton
    UpgradeMetrics upgradeMetrics(EmbeddedMetrics metrics) {
        return new EmbeddedServiceMetrics(metrics);
    }
}
