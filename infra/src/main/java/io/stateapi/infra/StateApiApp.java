package io.stateapi.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;

/**
 * The CDK app: {@code cdk synth -c env=dev|staging|prod} (or {@code make synth ENV=...}) builds
 * the stack of one environment, checked by cdk-nag's AWS Solutions rules; a finding that is not
 * suppressed with a reason is an error, and the CDK CLI refuses to deploy a stack with errors.
 */
public final class StateApiApp {

    private StateApiApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object environment = app.getNode().tryGetContext("env");
        if (environment == null) {
            throw new IllegalArgumentException(
                    "choose an environment: cdk synth -c env=<" + String.join("|", EnvironmentConfig.NAMES) + ">");
        }
        EnvironmentConfig config = EnvironmentConfig.named(environment.toString());
        // -c itemWriteFormat=2: step 2 of the rolling deploy of a new item format (ADR 0062, docs/migrations.md)
        Object itemWriteFormat = app.getNode().tryGetContext("itemWriteFormat");
        if (itemWriteFormat != null) {
            config = config.withItemWriteFormat(Integer.parseInt(itemWriteFormat.toString().strip()));
        }
        stack(app, config, DeploymentOptions.fromContext(app.getNode()));
        app.synth();
    }

    /** Adds the environment's stack to {@code app}, with cdk-nag's checks; the tests build it this way too. */
    public static StateApiStack stack(App app, EnvironmentConfig config, DeploymentOptions options) {
        StateApiStack stack = new StateApiStack(app, config, options);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }
}
