package io.stateapi.infra;

import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.TracingSettings;
import io.stateapi.resources.Permissions;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
 * tombstones at the same version, run every {@link Housekeeping#SWEEP_INTERVAL_MINUTES}
 * by an EventBridge rule; it also runs namespace purges and purges old tombstones (ADR 0019).
 * It may query the expiry and tombstone indexes (by name), read, update and purge the table,
 * query and delete a purged namespace's idempotency records, and keep purges' progress and
 * namespaces' version floors in the catalog, nothing else; only the rule may invoke it.
 */
final class ExpirySweep extends Construct {

    /** Memory and timeout: a run stops sweeping 10 s before the timeout (ExpirySweepFunction.RESERVE). */
    static final EnvironmentConfig.FunctionSize SIZE =
            new EnvironmentConfig.FunctionSize(512, java.time.Duration.ofSeconds(60));

    private final JavaFunction function;
    private final Rule schedule;

    ExpirySweep(Construct scope, String id, EnvironmentConfig config, Code code, StateTable table,
                IdempotencyTable idempotency, CatalogTable catalog) {
        super(scope, id);
        StateApiResources resources = config.resources();
        this.function = new JavaFunction(this, "Function", code, new JavaFunction.Spec(
                resources.expirySweeperFunctionName(), StateApiResources.EXPIRY_SWEEPER_HANDLER,
                "State API expiry sweeper (" + config.name() + ")", SIZE,
                Map.of(StateApiResources.ENV_TABLE_NAME, table.table().getTableName(),
                        StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME, idempotency.table().getTableName(),
                        StateApiResources.ENV_CATALOG_TABLE_NAME, catalog.table().getTableName(),
                        StateApiResources.ENV_ENVIRONMENT, config.name(),
                        // the format backfill and the schema backfill write state items (ADR 0062)
                        StateApiResources.ENV_ITEM_WRITE_FORMAT, Integer.toString(config.itemWriteFormat()),
                        TracingSettings.ENV_TRACING, TracingSettings.XRAY),
                false, OptionalInt.empty(), config.logRetention(), config.removalPolicy()));
        table.grantOnTable(function.role(), Permissions.EXPIRY_SWEEPER_TABLE_ACTIONS);
        // Namespace purges and the purge of tombstones old enough to forget (ADR 0003), run by the sweeper.
        table.grantOnTable(function.role(), Permissions.EXPIRY_SWEEPER_PURGE_TABLE_ACTIONS);
        // Schema backfills (ADR 0058): each upgrade is one conditional PutItem of the whole item (ADR 0067).
        table.grantOnTable(function.role(), Permissions.HOUSEKEEPING_BACKFILL_TABLE_ACTIONS);
        catalog.grant(function.role(), Permissions.HOUSEKEEPING_CATALOG_TABLE_ACTIONS);
        idempotency.table().grant(function.role(),
                Permissions.HOUSEKEEPING_IDEMPOTENCY_TABLE_ACTIONS.toArray(String[]::new));
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(Permissions.TOMBSTONE_PURGE_INDEX_ACTIONS)
                .resources(List.of(table.tombstoneIndexArn()))
                .build());
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
                .schedule(Schedule.rate(Duration.minutes(Housekeeping.SWEEP_INTERVAL_MINUTES)))
                .targets(List.of(new LambdaFunction(function.function(), LambdaFunctionProps.builder()
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(Housekeeping.SWEEP_INTERVAL_MINUTES))
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
