package io.stateapi.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;

/**
 * How the api function builds its Micronaut context ({@link ApiFunction} on Lambda, the local stack
 * and tests alike). A class of its own, apart from the handler, so that the cold-start bench can
 * start this same context on a class path without Micronaut's HTTP modules (ADR 0073).
 */
public final class ApiContext {

    /** Set by Lambda; absent outside it (the local stack, tests), which counts as on demand. */
    public static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    /** The environment name {@code LambdaApplicationContextBuilder} adds (its configuration files' suffix). */
    private static final String LAMBDA_ENVIRONMENT = "lambda";

    private ApiContext() {
    }

    /**
     * Micronaut's Lambda context, but it builds singletons eagerly only when the environment is
     * initialized off the request path (ADR 0041): before a SnapStart snapshot or for provisioned
     * concurrency, everything is built and primed. On demand, the cold start is on a caller's
     * request, so the context builds only the beans that request needs (a key GET never builds the
     * subscriptions' SQS, SNS and CloudWatch clients), configuration beans included, and neither
     * deduces environments nor reads a bootstrap configuration, which this function has none of
     * (ADR 0072: about 4 % of the cold start's CPU).
     *
     * @param initializationType {@code AWS_LAMBDA_INITIALIZATION_TYPE}, or null outside Lambda
     */
    public static ApplicationContextBuilder builder(String initializationType) {
        // LambdaApplicationContextBuilder's settings, but for the singletons and configuration: its
        // eager initialization cannot be switched off again (eagerInitSingletons(false) is a no-op)
        ApplicationContextBuilder builder = ApplicationContext.builder()
                .environments(Environment.FUNCTION, LAMBDA_ENVIRONMENT)
                .deduceEnvironment(false)
                .bootstrapEnvironment(false)
                .banner(false);
        return initializedOffRequestPath(initializationType)
                ? builder.eagerInitConfiguration(true).eagerInitSingletons(true)
                : builder;
    }

    /** {@code AWS_LAMBDA_INITIALIZATION_TYPE}: {@code on-demand}, {@code provisioned-concurrency} or {@code snap-start}. */
    static boolean initializedOffRequestPath(String initializationType) {
        return "snap-start".equals(initializationType) || "provisioned-concurrency".equals(initializationType);
    }
}
