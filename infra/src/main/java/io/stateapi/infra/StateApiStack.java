package io.stateapi.infra;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.StateApiResources.Permissions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.constructs.Construct;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;

/**
 * State API in one environment: the table, the api function behind the HTTP API, the stream
 * fan-out into the change queue, and the alarms and dashboard that watch them. Every
 * environment is this class; {@link EnvironmentConfig} is all that differs.
 *
 * <p>The stack is environment-agnostic (no account or region, no lookups), so it synthesizes
 * without AWS credentials and deploys to whatever account and region the deployer's
 * credentials name.
 */
public final class StateApiStack extends Stack {

    /** The alias API Gateway invokes: a published version, so SnapStart's snapshot is used. */
    public static final String API_ALIAS = "live";

    private final StateTable table;
    private final IdempotencyTable idempotencyTable;
    private final ChangeQueues queues;
    private final JavaFunction apiFunction;
    private final Alias apiAlias;
    private final JavaFunction fanOutFunction;
    private final StateHttpApi httpApi;
    private final Monitoring monitoring;

    public StateApiStack(Construct scope, EnvironmentConfig config, DeploymentOptions options) {
        super(scope, nameFor(config), StackProps.builder()
                .stackName(nameFor(config))
                .description("State API (" + config.name() + "): versioned JSON state over HTTP with ordered change events")
                .terminationProtection(config.terminationProtection())
                .build());
        StateApiResources resources = config.resources();
        Tags.of(this).add("project", StateApiResources.PREFIX);
        Tags.of(this).add("environment", config.name());
        Code code = FunctionArtifact.code(options.functionsJar());

        this.table = new StateTable(this, "State", config, options.tableKey());
        this.idempotencyTable = new IdempotencyTable(this, "Idempotency", config, table);
        this.queues = new ChangeQueues(this, "Changes", config);

        this.apiFunction = new JavaFunction(this, "Api", code, new JavaFunction.Spec(
                resources.apiFunctionName(), StateApiResources.API_HANDLER,
                "State API HTTP API (" + config.name() + ")", config.apiFunction(),
                Map.of(StateApiResources.ENV_TABLE_NAME, table.table().getTableName(),
                        StateApiResources.ENV_IDEMPOTENCY_TABLE_NAME, idempotencyTable.table().getTableName(),
                        StateApiResources.ENV_IDEMPOTENCY_RETENTION, config.idempotencyRetention().toString(),
                        StateApiResources.ENV_ENVIRONMENT, config.name()),
                true, config.logRetention(), config.removalPolicy()));
        table.table().grant(apiFunction.role(), Permissions.API_TABLE_ACTIONS.toArray(String[]::new));
        idempotencyTable.table().grant(apiFunction.role(),
                Permissions.API_IDEMPOTENCY_TABLE_ACTIONS.toArray(String[]::new));
        table.key().ifPresent(key -> key.grant(apiFunction.role(),
                "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"));
        this.apiAlias = Alias.Builder.create(apiFunction, "Alias")
                .aliasName(API_ALIAS)
                .version(apiFunction.function().getCurrentVersion())
                .description("What API Gateway invokes: the latest published version, restored from its SnapStart snapshot")
                .build();
        Annotations.of(apiFunction.function()).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "SnapStart applies to the published versions the live alias points at, which is all API Gateway invokes");

        this.fanOutFunction = new JavaFunction(this, "FanOut", code, new JavaFunction.Spec(
                resources.fanOutFunctionName(), StateApiResources.FAN_OUT_HANDLER,
                "State API change-event fan-out (" + config.name() + ")", config.fanOutFunction(),
                Map.of(StateApiResources.ENV_TABLE_NAME, table.table().getTableName(),
                        StateApiResources.ENV_CHANGES_QUEUE_URL, queues.changes().getQueueUrl(),
                        StateApiResources.ENV_ENVIRONMENT, config.name()),
                false, config.logRetention(), config.removalPolicy()));
        queues.changes().grant(fanOutFunction.role(), Permissions.FAN_OUT_QUEUE_ACTIONS.toArray(String[]::new));
        // The fan-out writes a tombstone back after DynamoDB's TTL sweeper removes an item (ADR 0003).
        table.table().grant(fanOutFunction.role(), Permissions.FAN_OUT_TABLE_ACTIONS.toArray(String[]::new));
        table.key().ifPresent(key -> key.grant(fanOutFunction.role(), "kms:Encrypt", "kms:GenerateDataKey"));
        EnvironmentConfig.StreamProcessing stream = config.stream();
        fanOutFunction.function().addEventSource(new DynamoEventSource(table.table(), DynamoEventSourceProps.builder()
                // TRIM_HORIZON: a new or re-created mapping publishes every change still in the stream
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(stream.batchSize())
                .maxBatchingWindow(Duration.millis(stream.batchingWindow().toMillis()))
                .bisectBatchOnError(true)
                .retryAttempts(stream.retryAttempts())
                .maxRecordAge(Duration.seconds(stream.maxRecordAge().toSeconds()))
                .reportBatchItemFailures(true)
                // one batch per shard at a time keeps events in commit order per key
                .parallelizationFactor(1)
                .onFailure(new SqsDlq(queues.streamFailures()))
                .build()));

        this.httpApi = new StateHttpApi(this, "Http", config, options, apiAlias);
        this.monitoring = new Monitoring(this, "Monitoring", config, options, httpApi.api(),
                apiFunction.function(), fanOutFunction.function(), table.table(), queues);

        output("ApiUrl", httpApi.stage().getUrl(), "Base URL of the HTTP API (point the SDK here)");
        output("TableName", table.table().getTableName(), "The state table");
        output("IdempotencyTableName", idempotencyTable.table().getTableName(),
                "Stored outcomes of writes sent with an Idempotency-Key");
        output("ChangesQueueUrl", queues.changes().getQueueUrl(), "FIFO queue of change events (subscribe here)");
        output("ChangesDeadLetterQueueUrl", queues.changesDeadLetters().getQueueUrl(),
                "Change events no subscriber could handle");
        output("StreamFailureQueueUrl", queues.streamFailures().getQueueUrl(),
                "Stream batches the fan-out could not publish");
        output("AlarmTopicArn", monitoring.topic().getTopicArn(), "SNS topic every alarm notifies");

        suppressFindingsWithReasons();
    }

    public static String nameFor(EnvironmentConfig config) {
        return StateApiResources.PREFIX + "-" + config.name();
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /**
     * cdk-nag findings that are accepted, each for a stated reason. Everything else it reports
     * fails the tests (and {@code cdk synth}).
     */
    private void suppressFindingsWithReasons() {
        NagPackSuppression runtime = NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("The functions are compiled for Java 21 (--release 21) and Micronaut 4 is tested on it; "
                        + "java21 is a supported LTS Lambda runtime. Moving to a newer runtime is a deliberate, "
                        + "tested change of the build, not a drift to follow automatically.")
                .build();
        NagPackSuppression xray = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) do not support "
                        + "resource-level permissions, so AWS requires Resource '*' for them.")
                .appliesTo(List.of("Resource::*"))
                .build();
        NagSuppressions.addResourceSuppressions(apiFunction, List.of(runtime, xray), true);
        NagPackSuppression streamRead = NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Resource '*' is granted only for actions without resource-level permissions: "
                        + "xray:PutTraceSegments/PutTelemetryRecords (active tracing) and dynamodb:ListStreams, "
                        + "which Lambda's stream poller calls; reading records is scoped to this table's stream ARN.")
                .appliesTo(List.of("Resource::*"))
                .build();
        NagSuppressions.addResourceSuppressions(fanOutFunction, List.of(runtime, streamRead), true);
        NagSuppressions.addResourceSuppressions(queues.streamFailures(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself a dead-letter queue: the on-failure destination of the stream's "
                        + "event source mapping. It keeps messages for the 14-day maximum, is watched by a depth "
                        + "alarm, and a DLQ of a DLQ would only move the same messages further from the operator.")
                .build()));
    }

    StateTable table() {
        return table;
    }

    IdempotencyTable idempotencyTable() {
        return idempotencyTable;
    }

    ChangeQueues queues() {
        return queues;
    }

    JavaFunction apiFunction() {
        return apiFunction;
    }

    Alias apiAlias() {
        return apiAlias;
    }

    JavaFunction fanOutFunction() {
        return fanOutFunction;
    }

    StateHttpApi httpApi() {
        return httpApi;
    }

    Monitoring monitoring() {
        return monitoring;
    }
}
