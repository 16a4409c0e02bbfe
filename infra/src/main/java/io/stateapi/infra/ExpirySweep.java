package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.StateApiResources.Permissions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.constructs.Construct;

/**
 * The expiry sweeper (ADR 0008): a plain Java function that turns expired values into
 * tombstones at the same version, run every {@link StateApiResources.ExpirySweep#INTERVAL_MINUTES}
 * by an EventBridge rule. It may query the expiry index (by name) and read and update the
 * table, nothing else; only the rule may invoke it.
 */
final class ExpirySweep extends Construct {

    /** Memory and timeout: a run stops sweeping 10 s before the timeout (ExpirySweepFunction.RESERVE). */
    static final EnvironmentConfig.FunctionSize SIZE =
            new EnvironmentConfig.FunctionSize(512, java.time.Duration.ofSeconds(60));

    private final JavaFunction function;
    private final Rule schedule;

    ExpirySweep(Construct scope, String id, EnvironmentConfig config, Code code, StateTable table) {
        super(scope, id);
        StateApiResources resources = config.resources();
        this.function = new JavaFunction(this, "Function", code, new JavaFunction.Spec(
                resources.expirySweeperFunctionName(), StateApiResources.EXPIRY_SWEEPER_HANDLER,
                "State API expiry sweeper (" + config.name() + ")", SIZE,
                Map.of(StateApiResources.ENV_TABLE_NAME, table.table().getTableName(),
                        StateApiResources.ENV_ENVIRONMENT, config.name()),
                false, config.logRetention(), config.removalPolicy()));
        table.grantOnTable(function.role(), Permissions.EXPIRY_SWEEPER_TABLE_ACTIONS);
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(Permissions.EXPIRY_SWEEPER_INDEX_ACTIONS)
                .resources(List.of(table.expiryIndexArn()))
                .build());
        table.key().ifPresent(key -> key.grant(function.role(),
                "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"));
        // A failed run is not retried: the next scheduled run does its work (its checkpoint did not move).
        function.function().configureAsyncInvoke(EventInvokeConfigOptions.builder().retryAttempts(0).build());

        this.schedule = Rule.Builder.create(this, "Schedule")
                .ruleName(resources.expirySweepScheduleName())
                .description("Runs the State API expiry sweeper (" + config.name() + ")")
                .schedule(Schedule.rate(Duration.minutes(StateApiResources.ExpirySweep.INTERVAL_MINUTES)))
                .targets(List.of(new LambdaFunction(function.function(), LambdaFunctionProps.builder()
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(StateApiResources.ExpirySweep.INTERVAL_MINUTES))
                        .build())))
                .build();
    }

    JavaFunction function() {
        return function;
    }

    Rule schedule() {
        return schedule;
    }
}
