package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.dynamodb.DynamoDbChangeLog;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbNamespaceKeyCounts;
import io.stateapi.dynamodb.DynamoDbVersionFloors;
import io.stateapi.logging.LogFields;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.metrics.EmbeddedServiceMetrics;
import io.stateapi.metrics.PublishMetrics;
import io.stateapi.resources.StateApiResources;
import io.stateapi.tracing.TraceSpan;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stream fan-out function ({@code io.stateapi.events.FanOutFunction::handleRequest}):
 * turns a batch of the state table's stream records into change events, each on its tenant's
 * own FIFO queue, which the function creates on the tenant's first event (ADR 0024), and on its
 * tenant's two SNS FIFO topics, which the subscriptions' queues are subscribed to (ADR 0038).
 *
 * <p>When a record removed an item (only possible outside the API: an operator's
 * {@code DeleteItem}), the function puts back a tombstone at the item's version through its own
 * narrow port ({@link io.stateapi.domain.VersionFloors}, never the state store), and writes the
 * metric {@code VersionFloorsKept} when it can, {@code VersionFloorLost} when it cannot (ADR 0003, 0008).
 *
 * <p>This class is the Lambda entry point and the wiring to AWS; {@link ChangeFanOut} handles
 * the batch through ports only, so a test can run the handler on fakes.
 *
 * <p>A plain handler, no framework, so a cold start loads little. It reports partial batch
 * failures: when a record cannot be published for now (throttling, timeouts, SQS errors), the
 * response names it, and the event source mapping retries from that record on (records of one
 * shard stay in order); earlier records are checkpointed. A tenant's queue that cannot be had
 * for now (just deleted, being created) is such a failure too. Records retried after their
 * messages got through produce no second copy: every message's de-duplication id is its
 * change's identity.
 *
 * <p>A record that no retry can publish (a poison record: its item breaks the layout, or SQS
 * refuses its event as invalid) is sent on its own to the stream's dead-letter queue, with the
 * record and the reason, and the rest of the batch goes on (ADR 0023).
 *
 * <p>Two namespace settings from the catalog apply (ADR 0025): events of a namespace whose
 * {@code eventValues} is false carry no values ({@link NamespaceEventValues}; a namespace whose
 * setting cannot be read now holds its records for a retry), and once a batch's records are
 * done, each namespace's approximate key count moves by their creates, deletes and expiries
 * ({@link ApproximateKeyCounts}), after publishing and without ever failing or retrying the batch.
 *
 * <p>Each change is also recorded in the change log, the keys' history (ADR 0036,
 * {@link ChangeHistory}); a change that cannot be recorded fails its record as a failed publish does.
 *
 * <p>Its log lines are JSON, with the invocation's request id and trace id ({@link LogFields}); each
 * batch ends with one line and one set of metrics: events published, those without their values,
 * records handed back for a retry, and the write-to-publish lag ({@link PublishMetrics}, ADR 0048).
 *
 * <p>Configuration from the environment: {@code STATE_ENVIRONMENT} (names the tenant queues),
 * {@code STATE_TABLE_NAME}, {@code STATE_CATALOG_TABLE_NAME}, {@code STATE_CHANGE_LOG_TABLE_NAME}, {@code STATE_CHANGES_DEAD_LETTER_QUEUE_ARN}
 * (the tenant queues' redrive target), {@code STATE_STREAM_FAILURE_QUEUE_URL},
 * {@code STATE_AWS_ENDPOINT} for an emulator, and optionally {@code STATE_PUBLISH_CONCURRENCY}.
 */
public class FanOutFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse>, AutoCloseable {

    /** Environment variable naming an emulator's endpoint, as for the api function. */
    public static final String ENV_AWS_ENDPOINT = StateApiResources.ENV_AWS_ENDPOINT;
    /** Optional environment variable: concurrent {@code SendMessageBatch} calls, and count updates, at most. */
    public static final String ENV_PUBLISH_CONCURRENCY = "STATE_PUBLISH_CONCURRENCY";

    /**
     * What the function needs to run.
     *
     * @param catalogTableName          the namespaces' settings and key counts (ADR 0016, 0025)
     * @param changeLogTableName        where each change is recorded for the key's history (ADR 0036)
     * @param changesDeadLetterQueueArn the dead-letter queue every tenant queue redrives to
     * @param streamFailureQueueUrl     the stream's dead-letter queue, where poison records go
     * @param endpoint                  an emulator's endpoint, or {@code null} on AWS
     * @param interceptors              added to both AWS clients (fault injection in tests)
     * @param publishConcurrency        concurrent {@code SendMessageBatch} calls, and count updates, at most
     */
    public record Configuration(String environment, String tableName, String catalogTableName,
                                String changeLogTableName, String changesDeadLetterQueueArn,
                                String streamFailureQueueUrl, URI endpoint, List<ExecutionInterceptor> interceptors,
                                int publishConcurrency) {
        public Configuration {
            Objects.requireNonNull(environment, StateApiResources.ENV_ENVIRONMENT);
            Objects.requireNonNull(tableName, StateApiResources.ENV_TABLE_NAME);
            Objects.requireNonNull(catalogTableName, StateApiResources.ENV_CATALOG_TABLE_NAME);
            Objects.requireNonNull(changeLogTableName, StateApiResources.ENV_CHANGE_LOG_TABLE_NAME);
            Objects.requireNonNull(changesDeadLetterQueueArn, StateApiResources.ENV_CHANGES_DEAD_LETTER_QUEUE_ARN);
            Objects.requireNonNull(streamFailureQueueUrl, StateApiResources.ENV_STREAM_FAILURE_QUEUE_URL);
            interceptors = List.copyOf(interceptors);
        }

        /** With the change log the environment's resources name (the local stack's and tests'). */
        public Configuration(String environment, String tableName, String catalogTableName,
                             String changesDeadLetterQueueArn, String streamFailureQueueUrl, URI endpoint,
                             List<ExecutionInterceptor> interceptors, int publishConcurrency) {
            this(environment, tableName, catalogTableName,
                    StateApiResources.forEnvironment(environment).changeLogTableName(), changesDeadLetterQueueArn,
                    streamFailureQueueUrl, endpoint, interceptors, publishConcurrency);
        }

        public Configuration(String environment, String tableName, String catalogTableName,
                             String changesDeadLetterQueueArn, String streamFailureQueueUrl, URI endpoint,
                             List<ExecutionInterceptor> interceptors) {
            this(environment, tableName, catalogTableName, changesDeadLetterQueueArn, streamFailureQueueUrl, endpoint,
                    interceptors, ChangeQueuePublisher.DEFAULT_CONCURRENT_CALLS);
        }

        public static Configuration fromEnvironment() {
            String endpoint = System.getenv(ENV_AWS_ENDPOINT);
            String concurrency = System.getenv(ENV_PUBLISH_CONCURRENCY);
            return new Configuration(
                    required(StateApiResources.ENV_ENVIRONMENT),
                    required(StateApiResources.ENV_TABLE_NAME),
                    required(StateApiResources.ENV_CATALOG_TABLE_NAME),
                    required(StateApiResources.ENV_CHANGE_LOG_TABLE_NAME),
                    required(StateApiResources.ENV_CHANGES_DEAD_LETTER_QUEUE_ARN),
                    required(StateApiResources.ENV_STREAM_FAILURE_QUEUE_URL),
                    endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
                    List.of(),
                    concurrency == null || concurrency.isBlank() ? ChangeQueuePublisher.DEFAULT_CONCURRENT_CALLS
                            : Integer.parseInt(concurrency.strip()));
        }

        private static String required(String name) {
            String value = System.getenv(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + name + " is not set");
            }
            return value;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FanOutFunction.class);

    private final ChangeFanOut fanOut;
    /** What {@link #close()} closes: thread pools and AWS clients, in order. */
    private final List<AutoCloseable> resources;

    /** Used by the Lambda runtime: configuration comes from the environment. */
    public FanOutFunction() {
        this(Configuration.fromEnvironment());
    }

    /** Used by the local stack and tests. */
    public FanOutFunction(Configuration configuration) {
        this(configuration, EmbeddedMetrics.toStandardOutput(configuration.environment()));
    }

    /** Used by tests that read the function's metrics. */
    public FanOutFunction(Configuration configuration, EmbeddedMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        SqsClient sqs = SqsClients.create(configuration.endpoint(), configuration.interceptors());
        SnsClient sns = SnsClients.create(configuration.endpoint(), configuration.interceptors());
        DynamoDbClient dynamoDb = DynamoDbClients.create(configuration.endpoint(), configuration.interceptors());
        // Only find() is ever called on the catalog: the grant is GetItem (and UpdateItem for the counts).
        NamespaceSettingsCache settings = new NamespaceSettingsCache(new DynamoDbNamespaceCatalog(dynamoDb,
                configuration.catalogTableName(), configuration.tableName()), Clock.systemUTC());
        StateApiResources names = StateApiResources.forEnvironment(configuration.environment());
        TenantQueues tenantQueues = new TenantQueues(names, configuration.changesDeadLetterQueueArn(),
                new SqsQueueDirectory(sqs));
        TenantTopics tenantTopics = new TenantTopics(names, new SnsTopicDirectory(sns));
        ChangeQueuePublisher publisher = new ChangeQueuePublisher(sqs, sns, tenantQueues, tenantTopics,
                configuration.publishConcurrency());
        ApproximateKeyCounts keyCounts = new ApproximateKeyCounts(new DynamoDbNamespaceKeyCounts(dynamoDb,
                configuration.catalogTableName()), metrics, configuration.publishConcurrency());
        this.fanOut = new ChangeFanOut(
                new ChangeMessages(new ChangeEventFormat(configuration.environment()),
                        new NamespaceEventValues(settings, LOG::warn)),
                publisher,
                new ChangeHistory(new DynamoDbChangeLog(dynamoDb, configuration.changeLogTableName()), settings,
                        LOG::warn, Clock.systemUTC()),
                keyCounts,
                new DynamoDbVersionFloors(dynamoDb, configuration.tableName()),
                new SqsDeadLetterDestination(sqs, configuration.streamFailureQueueUrl(), Clock.systemUTC()),
                new EmbeddedServiceMetrics(metrics));
        this.resources = List.of(publisher, keyCounts, sqs, sns, dynamoDb);
    }

    /** Used by tests of the handling with fakes of its ports: closes {@code resources} when closed. */
    FanOutFunction(ChangeFanOut fanOut, List<AutoCloseable> resources) {
        this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
        this.resources = List.copyOf(resources);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (LogFields.Scope fields = LogFields.open(context == null ? null : context.getAwsRequestId(), null);
             TraceSpan span = LogFields.startSpan("fan-out")) {
            StreamsEventResponse response = fanOut.publish(event, context);
            span.attribute("stateapi.records", event.getRecords() == null ? 0 : event.getRecords().size());
            if (response != null && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
                span.failed("records handed back for a retry");
            }
            return response;
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // Close the rest anyway: each holds threads or connections of its own.
                if (failure == null) {
                    failure = new IllegalStateException("cannot close the fan-out's resources", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
