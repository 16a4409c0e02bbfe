package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.domain.Version;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.VersionFloors;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stream fan-out function ({@code io.stateapi.events.FanOutFunction::handleRequest}):
 * turns a batch of the state table's stream records into change events on the FIFO queue.
 *
 * <p>A plain handler, no framework, so a cold start loads little. It reports partial batch
 * failures: when a record cannot be published, the response names it, and the event source
 * mapping retries from that record on (records of one shard stay in order); earlier records
 * are checkpointed. Records retried after their messages got through produce no second
 * copy: every message's de-duplication id is its change's identity.
 *
 * <p>Configuration from the environment: {@code STATE_ENVIRONMENT}, {@code STATE_TABLE_NAME},
 * {@code STATE_CHANGES_QUEUE_URL}, {@code STATE_AWS_ENDPOINT} for an emulator, and optionally
 * {@code STATE_PUBLISH_CONCURRENCY}.
 */
public class FanOutFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse>, AutoCloseable {

    /** Environment variable naming an emulator's endpoint, as for the api function. */
    public static final String ENV_AWS_ENDPOINT = "STATE_AWS_ENDPOINT";
    /** Optional environment variable: concurrent {@code SendMessageBatch} calls at most. */
    public static final String ENV_PUBLISH_CONCURRENCY = "STATE_PUBLISH_CONCURRENCY";

    /**
     * What the function needs to run.
     *
     * @param endpoint           an emulator's endpoint, or {@code null} on AWS
     * @param interceptors       added to both AWS clients (fault injection in tests)
     * @param publishConcurrency concurrent {@code SendMessageBatch} calls at most
     */
    public record Configuration(String environment, String tableName, String queueUrl, URI endpoint,
                                List<ExecutionInterceptor> interceptors, int publishConcurrency) {
        public Configuration {
            Objects.requireNonNull(environment, StateApiResources.ENV_ENVIRONMENT);
            Objects.requireNonNull(tableName, StateApiResources.ENV_TABLE_NAME);
            Objects.requireNonNull(queueUrl, StateApiResources.ENV_CHANGES_QUEUE_URL);
            interceptors = List.copyOf(interceptors);
        }

        public Configuration(String environment, String tableName, String queueUrl, URI endpoint,
                             List<ExecutionInterceptor> interceptors) {
            this(environment, tableName, queueUrl, endpoint, interceptors, ChangeQueuePublisher.DEFAULT_CONCURRENT_CALLS);
        }

        public static Configuration fromEnvironment() {
            String endpoint = System.getenv(ENV_AWS_ENDPOINT);
            String concurrency = System.getenv(ENV_PUBLISH_CONCURRENCY);
            return new Configuration(
                    required(StateApiResources.ENV_ENVIRONMENT),
                    required(StateApiResources.ENV_TABLE_NAME),
                    required(StateApiResources.ENV_CHANGES_QUEUE_URL),
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

    private final StreamRecordMapper mapper = new StreamRecordMapper();
    private final ChangeEventFormat format;
    private final ChangeQueuePublisher publisher;
    private final VersionFloors versionFloors;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;

    /** Used by the Lambda runtime: configuration comes from the environment. */
    public FanOutFunction() {
        this(Configuration.fromEnvironment());
    }

    /** Used by the local stack and tests. */
    public FanOutFunction(Configuration configuration) {
        this.format = new ChangeEventFormat(configuration.environment());
        this.sqs = SqsClients.create(configuration.endpoint(), configuration.interceptors());
        this.dynamoDb = DynamoDbClients.create(configuration.endpoint(), configuration.interceptors());
        this.publisher = new ChangeQueuePublisher(sqs, configuration.queueUrl(), configuration.publishConcurrency());
        this.versionFloors = new VersionFloors(dynamoDb, configuration.tableName());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<StreamRecordMapper.Changes> changes = new ArrayList<>();
        List<ChangeQueuePublisher.Message> messages = new ArrayList<>();
        List<Integer> recordOfMessage = new ArrayList<>();
        int failed = records.size();
        String failure = null;

        for (int i = 0; i < records.size(); i++) {
            try {
                StreamRecordMapper.Changes recordChanges = mapper.map(records.get(i));
                for (ChangeEvent change : recordChanges.events()) {
                    messages.add(new ChangeQueuePublisher.Message(
                            change.id(), change.messageGroupId(), format.toMessageBody(change)));
                    recordOfMessage.add(i);
                }
                changes.add(recordChanges);
            } catch (RuntimeException e) {
                // A record that cannot be mapped is retried, then goes to the on-failure destination.
                failed = i;
                failure = "cannot map stream record: " + e;
                break;
            }
        }

        ChangeQueuePublisher.Outcome published = publisher.publish(messages);
        if (!published.complete()) {
            failed = Math.min(failed, recordOfMessage.get(published.confirmed()));
            failure = published.failure();
        }

        for (int i = 0; i < failed; i++) {
            Optional<Version> tombstone = changes.get(i).tombstoneVersion();
            if (tombstone.isEmpty()) {
                continue;
            }
            try {
                restoreTombstone(changes.get(i).events().getLast(), tombstone.get(), context);
            } catch (RuntimeException e) {
                failed = i;
                failure = "cannot restore the tombstone of a removed item: " + e;
                break;
            }
        }

        if (failed == records.size()) {
            return new StreamsEventResponse(List.of());
        }
        String sequenceNumber = records.get(failed).getDynamodb().getSequenceNumber();
        log(context, "fan-out: " + failed + " of " + records.size() + " records published; retrying from sequence "
                + sequenceNumber + ": " + failure);
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)));
    }

    private void restoreTombstone(ChangeEvent removal, Version version, Context context) {
        Instant removedAt = removal.time();
        if (!versionFloors.restore(removal.namespace(), removal.key(), version, removedAt)) {
            // The key was created again between the removal and now: its versions restarted at 1.
            log(context, "fan-out: key " + removal.namespace().value() + "/" + removal.key().value()
                    + " was re-created before its tombstone at version " + version + " could be restored");
        }
    }

    private static void log(Context context, String message) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(message + "\n");
        } else {
            System.err.println(message);
        }
    }

    @Override
    public void close() {
        publisher.close();
        sqs.close();
        dynamoDb.close();
    }
}
