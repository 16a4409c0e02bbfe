package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.dynamodb.DynamoDbChangeLog;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbNamespaceKeyCounts;
import io.stateapi.dynamodb.VersionFloors;
import io.stateapi.logging.LogFields;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.metrics.EmbeddedServiceMetrics;
import io.stateapi.metrics.PublishMetrics;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
 * {@code DeleteItem}), the function puts back a tombstone at the item's version, and writes
 * the metric {@code VersionFloorLost} when it cannot, {@code VersionFloorsKept} when it can (ADR 0003, 0008).
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
 * batch ends with one line and one set of metrics: events published, those without their values, records handed back for a
 * retry, and the write-to-publish lag ({@link PublishMetrics}, ADR 0048).
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

    private final PublishMetrics publishMetrics;
    private final ChangeMessages changeMessages;
    private final ChangeQueuePublisher publisher;
    private final ChangeHistory history;
    private final ApproximateKeyCounts keyCounts;
    private final VersionFloors versionFloors;
    private final DeadLetterDestination deadLetters;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final DynamoDbClient dynamoDb;

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
        this.publishMetrics = new EmbeddedServiceMetrics(metrics);
        this.sqs = SqsClients.create(configuration.endpoint(), configuration.interceptors());
        this.sns = SnsClients.create(configuration.endpoint(), configuration.interceptors());
        this.dynamoDb = DynamoDbClients.create(configuration.endpoint(), configuration.interceptors());
        // Only find() is ever called on the catalog: the grant is GetItem (and UpdateItem for the counts).
        NamespaceSettingsCache settings = new NamespaceSettingsCache(new DynamoDbNamespaceCatalog(dynamoDb,
                configuration.catalogTableName(), configuration.tableName()), Clock.systemUTC());
        this.changeMessages = new ChangeMessages(new ChangeEventFormat(configuration.environment()),
                new NamespaceEventValues(settings, LOG::warn));
        StateApiResources resources = StateApiResources.forEnvironment(configuration.environment());
        TenantQueues tenantQueues = new TenantQueues(resources, configuration.changesDeadLetterQueueArn(),
                new SqsQueueDirectory(sqs));
        TenantTopics tenantTopics = new TenantTopics(resources, new SnsTopicDirectory(sns));
        this.publisher = new ChangeQueuePublisher(sqs, sns, tenantQueues, tenantTopics, configuration.publishConcurrency());
        this.history = new ChangeHistory(new DynamoDbChangeLog(dynamoDb, configuration.changeLogTableName()), settings,
                LOG::warn, Clock.systemUTC());
        this.keyCounts = new ApproximateKeyCounts(new DynamoDbNamespaceKeyCounts(dynamoDb,
                configuration.catalogTableName()), metrics, configuration.publishConcurrency());
        this.versionFloors = new VersionFloors(dynamoDb, configuration.tableName());
        this.deadLetters = new SqsDeadLetterDestination(sqs, configuration.streamFailureQueueUrl(), Clock.systemUTC());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (LogFields.Scope fields = LogFields.open(context == null ? null : context.getAwsRequestId(), null)) {
            return publish(event, context);
        }
    }

    private StreamsEventResponse publish(DynamodbEvent event, Context context) {
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        ChangeMessages.Batch batch = changeMessages.prepare(records);
        SortedMap<Integer, String> poison = new TreeMap<>(batch.poison());

        ChangeQueuePublisher.Outcome published = publisher.publish(batch.messages());
        published.refused().forEach((message, reason) -> poison.putIfAbsent(batch.recordOfMessage().get(message), reason));
        int failed = published.complete() ? batch.prepared() : batch.recordOfMessage().get(published.confirmed());
        String failure = published.complete() ? batch.held() : published.failure();

        ChangeHistory.Recorder recorder = history.forBatch();
        for (int i = 0; i < failed; i++) {
            try {
                recorder.record(batch.changes().get(i));
            } catch (RuntimeException e) {
                // As a failed publish: retried from this record, so nothing acknowledged is missing from the log.
                failed = i;
                failure = "cannot record the change in the change log: " + e;
                break;
            }
            Optional<StreamRecordMapper.RemovedItem> removed = batch.changes().get(i).removed();
            if (removed.isPresent()) {
                try {
                    restoreTombstone(removed.get());
                } catch (RuntimeException e) {
                    // Until a retry puts it back, a create would start the key again at version 1.
                    versionFloorLost(removed.get(), "the tombstone could not be put back (the record is retried): " + e);
                    failed = i;
                    failure = "cannot restore the tombstone of a removed item: " + e;
                    break;
                }
            }
            if (poison.containsKey(i)) {
                try {
                    putAside(new PoisonRecord(records.get(i), poison.get(i)), context);
                } catch (RuntimeException e) {
                    failed = i;
                    failure = "cannot send a poison record to the dead-letter queue: " + e;
                    break;
                }
            }
        }

        countKeys(batch.changes().subList(0, failed));
        batchDone(records, batch.changes().subList(0, failed), ChangeMessages.Omissions.of(batch.omissions().subList(0, failed)));
        if (failed == records.size()) {
            return new StreamsEventResponse(List.of());
        }
        String sequenceNumber = records.get(failed).getDynamodb().getSequenceNumber();
        LOG.warn("fan-out: " + failed + " of " + records.size() + " records done; retrying from sequence "
                + sequenceNumber + ": " + failure);
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)));
    }

    /** The batch's line and metrics: what got through, what is retried, and how late the oldest done change is. */
    private void batchDone(List<DynamodbStreamRecord> records, List<StreamRecordMapper.Changes> done,
                           ChangeMessages.Omissions omissions) {
        int published = done.stream().mapToInt(c -> c.events().size()).sum();
        int retried = records.size() - done.size();
        Instant now = Instant.now();
        Optional<Duration> lag = records.subList(0, done.size()).stream()
                .map(r -> r.getDynamodb() == null ? null : r.getDynamodb().getApproximateCreationDateTime())
                .filter(Objects::nonNull)
                .map(created -> Duration.between(created.toInstant(), now))
                .max(Duration::compareTo);
        LOG.atInfo().addKeyValue("records", records.size()).addKeyValue("eventsPublished", published)
                .addKeyValue("recordsRetried", retried)
                .log("fan-out: {} of {} records done, {} events published", done.size(), records.size(), published);
        PublishedChangeLog.log(LOG, records, done);
        publishMetrics.batchPublished(new PublishMetrics.Batch(published, omissions.omitted(), omissions.tooLarge(),
                retried, lag));
    }

    /**
     * Moves the namespaces' key counts by the changes of the records that are done: those the
     * mapping will not deliver again (a retry starts after them), so a retried record is counted
     * once, when its own batch gets through.
     */
    private void countKeys(List<StreamRecordMapper.Changes> done) {
        List<ChangeEvent> changes = done.stream().flatMap(c -> c.events().stream()).toList();
        ApproximateKeyCounts.Outcome counted = keyCounts.apply(changes);
        counted.failed().forEach((namespace, reason) ->
                LOG.warn("fan-out: the key count of namespace " + namespace + " was not moved (it is off from now on): "
                        + reason));
        if (!counted.absent().isEmpty()) {
            LOG.warn("fan-out: not counted, no such namespace in the catalog (deleted or purged): " + counted.absent());
        }
    }

    /** Sends a poison record to the stream's dead-letter queue; the batch then goes on past it. */
    private void putAside(PoisonRecord poison, Context context) {
        String functionArn = context == null ? null : context.getInvokedFunctionArn();
        String requestId = context == null ? null : context.getAwsRequestId();
        deadLetters.send(poison, functionArn, requestId);
        LOG.warn("fan-out: record at sequence " + poison.sequenceNumber()
                + " sent to the dead-letter queue on its own: " + poison.reason());
    }

    private void restoreTombstone(StreamRecordMapper.RemovedItem removed) {
        if (versionFloors.restore(removed.namespace(), removed.key(), removed.version(), removed.removedAt())) {
            publishMetrics.versionFloorKept(removed.namespace(), removed.key(), removed.version());
        } else {
            // The key was created again between the removal and now: its versions restarted at 1.
            LOG.warn("fan-out: key " + removed.namespace() + "/" + removed.key().value()
                    + " was re-created before its tombstone at version " + removed.version() + " could be restored");
            versionFloorLost(removed, "the key was created again before its tombstone was put back");
        }
    }

    /** What an operator is paged for (ADR 0008): this key's next versions may repeat earlier ones. */
    private void versionFloorLost(StreamRecordMapper.RemovedItem removed, String reason) {
        publishMetrics.versionFloorLost(removed.namespace(), removed.key(), removed.version(), reason);
    }


    @Override
    public void close() {
        publisher.close();
        keyCounts.close();
        sqs.close();
        sns.close();
        dynamoDb.close();
    }
}
