package io.stateapi.infra;

import io.stateapi.resources.Permissions;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.StreamMapping;
import io.stateapi.resources.TracingSettings;
import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.constructs.Construct;

/**
 * The stream fan-out: the function that turns the state table's stream records into change
 * events on each tenant's own queue (creating the queue on the tenant's first event, ADR 0015),
 * its event source mapping, its reserved concurrency, and exactly the grants it needs.
 *
 * <p>Not a construct of its own: the function keeps the place in the stack's tree (and so the
 * logical ids) it had before tenancy, so deployed stacks update it in place.
 */
final class ChangeFanOut {

    private ChangeFanOut() {
    }

    static JavaFunction create(Construct scope, String id, EnvironmentConfig config, Code code, StateTable table,
                               CatalogTable catalog, ChangeLogTable changeLog, ChangeQueues queues) {
        StateApiResources resources = config.resources();
        JavaFunction fanOut = new JavaFunction(scope, id, code, new JavaFunction.Spec(
                resources.fanOutFunctionName(), StateApiResources.FAN_OUT_HANDLER,
                "State API change-event fan-out (" + config.name() + ")", config.fanOutFunction(),
                Map.of(StateApiResources.ENV_TABLE_NAME, table.table().getTableName(),
                        StateApiResources.ENV_CATALOG_TABLE_NAME, catalog.table().getTableName(),
                        StateApiResources.ENV_CHANGE_LOG_TABLE_NAME, changeLog.table().getTableName(),
                        // named in the RedrivePolicy of every tenant queue it creates
                        StateApiResources.ENV_CHANGES_DEAD_LETTER_QUEUE_ARN, queues.changesDeadLetters().getQueueArn(),
                        StateApiResources.ENV_STREAM_FAILURE_QUEUE_URL, queues.streamFailures().getQueueUrl(),
                        // tenants' queue names derive from it (StateApiResources.tenantEventsQueueName)
                        StateApiResources.ENV_ENVIRONMENT, config.name(),
                        // the batch, each change's publish and their AWS calls as spans (ADR 0059)
                        TracingSettings.ENV_TRACING, TracingSettings.XRAY),
                false, OptionalInt.of(config.fanOutReservedConcurrency()), config.logRetention(),
                config.removalPolicy()));
        queues.grantOnTenantQueues(fanOut.role(), Permissions.FAN_OUT_TENANT_QUEUE_ACTIONS);
        // Every event also goes to its tenant's two SNS FIFO topics, made on first need (ADR 0038).
        new SubscriptionGrants(scope, resources).grantFanOut(fanOut.role());
        // The fan-out sends a record it can never publish to the stream's DLQ itself (ADR 0023); the
        // mapping's on-failure destination below grants Lambda's own sends, which must not be relied on.
        queues.streamFailures().grant(fanOut.role(), Permissions.FAN_OUT_DEAD_LETTER_ACTIONS.toArray(String[]::new));
        // The fan-out writes a tombstone back after an item is removed outside the API (ADR 0003, 0008).
        table.grantOnTable(fanOut.role(), Permissions.FAN_OUT_TABLE_ACTIONS);
        // Namespace settings (do events carry values?) and approximate key counts.
        catalog.grant(fanOut.role(), Permissions.FAN_OUT_CATALOG_TABLE_ACTIONS);
        // Each change recorded for the keys' history (ADR 0036).
        changeLog.grant(fanOut.role(), Permissions.FAN_OUT_CHANGE_LOG_TABLE_ACTIONS);
        table.key().ifPresent(key -> key.grant(fanOut.role(), "kms:Encrypt", "kms:GenerateDataKey"));

        EnvironmentConfig.StreamProcessing stream = config.stream();
        fanOut.function().addEventSource(new DynamoEventSource(table.table(), DynamoEventSourceProps.builder()
                // What the delivery guarantees rest on, as the local poller plays it (StreamMapping):
                // TRIM_HORIZON, bisect, partial batch responses, one batch per shard at a time.
                .startingPosition(StartingPosition.valueOf(StreamMapping.STARTING_POSITION))
                .batchSize(stream.batchSize())
                .maxBatchingWindow(Duration.millis(stream.batchingWindow().toMillis()))
                .bisectBatchOnError(StreamMapping.BISECT_BATCH_ON_FUNCTION_ERROR)
                .retryAttempts(stream.retryAttempts())
                .maxRecordAge(Duration.seconds(stream.maxRecordAge().toSeconds()))
                .reportBatchItemFailures(StreamMapping.REPORT_BATCH_ITEM_FAILURES)
                .parallelizationFactor(StreamMapping.PARALLELIZATION_FACTOR)
                .onFailure(new SqsDlq(queues.streamFailures()))
                .build()));
        return fanOut;
    }
}
