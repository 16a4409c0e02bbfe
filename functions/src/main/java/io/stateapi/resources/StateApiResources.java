package io.stateapi.resources;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place that knows the names and shape of the AWS resources State API runs on.
 *
 * <p>The CDK app, the local stack's bootstrap and the functions' configuration all derive
 * names and settings from here, so a renamed table or queue cannot drift between them.
 */
public record StateApiResources(String environment) {

    /** Product prefix of every physical resource name. */
    public static final String PREFIX = "state-api";

    /** Environment variable through which the functions learn the table name. */
    public static final String ENV_TABLE_NAME = "STATE_TABLE_NAME";
    /** Environment variable through which the api function learns the idempotency table name. */
    public static final String ENV_IDEMPOTENCY_TABLE_NAME = "STATE_IDEMPOTENCY_TABLE_NAME";
    /**
     * Environment variable: how long stored write outcomes are replayed for an idempotency key,
     * as an ISO-8601 duration ({@code PT24H} when unset).
     */
    public static final String ENV_IDEMPOTENCY_RETENTION = "STATE_IDEMPOTENCY_RETENTION";
    /** Environment variable through which the fan-out function learns the change queue URL. */
    public static final String ENV_CHANGES_QUEUE_URL = "STATE_CHANGES_QUEUE_URL";
    /** Environment variable naming the deployment in change events' {@code source}. */
    public static final String ENV_ENVIRONMENT = "STATE_ENVIRONMENT";

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("^[a-z][a-z0-9-]{0,19}$");

    public StateApiResources {
        Objects.requireNonNull(environment, "environment");
        if (!ENVIRONMENT_NAME.matcher(environment).matches()) {
            throw new IllegalArgumentException(
                    "environment must match " + ENVIRONMENT_NAME.pattern() + ": " + environment);
        }
    }

    public static StateApiResources forEnvironment(String environment) {
        return new StateApiResources(environment);
    }

    public String tableName() {
        return PREFIX + "-" + environment + "-state";
    }

    /** Stored outcomes of writes sent with an {@code Idempotency-Key} (ADR 0007). */
    public String idempotencyTableName() {
        return PREFIX + "-" + environment + "-idempotency";
    }

    /** FIFO queue of change events (the suffix {@code .fifo} is required by SQS). */
    public String changesQueueName() {
        return PREFIX + "-" + environment + "-changes.fifo";
    }

    /** Redrive dead-letter queue of the change queue; a FIFO queue's DLQ must be FIFO too. */
    public String changesDeadLetterQueueName() {
        return PREFIX + "-" + environment + "-changes-dlq.fifo";
    }

    /** On-failure destination of the stream event source mapping. */
    public String streamFailureQueueName() {
        return PREFIX + "-" + environment + "-stream-dlq";
    }

    public String apiFunctionName() {
        return PREFIX + "-" + environment + "-api";
    }

    public String fanOutFunctionName() {
        return PREFIX + "-" + environment + "-fanout";
    }

    /** The API Gateway HTTP API in front of the api function. */
    public String httpApiName() {
        return PREFIX + "-" + environment;
    }

    /** SNS topic every alarm of the deployment notifies. */
    public String alarmTopicName() {
        return PREFIX + "-" + environment + "-alarms";
    }

    /** CloudWatch dashboard of the deployment. */
    public String dashboardName() {
        return PREFIX + "-" + environment;
    }

    /** Lambda handler of the api function (the local gateway runs the same class). */
    public static final String API_HANDLER = "io.stateapi.http.ApiFunction::handleRequest";
    /** Lambda handler of the stream fan-out function (the local poller runs the same class). */
    public static final String FAN_OUT_HANDLER = "io.stateapi.events.FanOutFunction::handleRequest";

    /** The table's shape: what both DynamoDB and its emulator must be created with. */
    public static final class Table {
        /** Partition key: the namespace, so a namespace's keys form one item collection. */
        public static final String PARTITION_KEY = "pk";
        /** Sort key: the state key, so prefix listing is a strongly consistent Query. */
        public static final String SORT_KEY = "sk";
        /** Epoch-seconds attribute DynamoDB's TTL sweeper reads. */
        public static final String TTL_ATTRIBUTE = "expiresAt";
        /** Stream view type the fan-out function needs: it reports previous values. */
        public static final String STREAM_VIEW_TYPE = "NEW_AND_OLD_IMAGES";

        private Table() {
        }
    }

    /**
     * The idempotency table's shape. Records are scoped to a namespace (partition key) and
     * named by the client's key (sort key); DynamoDB's TTL removes them after the retention.
     * No stream: a stored outcome is no change of state.
     */
    public static final class IdempotencyTable {
        /** Partition key: the namespace the write was addressed to. */
        public static final String PARTITION_KEY = "pk";
        /** Sort key: the client's idempotency key. */
        public static final String SORT_KEY = "sk";
        /** Epoch-seconds attribute DynamoDB's TTL sweeper reads; the record counts as absent after it. */
        public static final String TTL_ATTRIBUTE = "expiresAt";
        /** How long an outcome is replayed when the environment does not say (the IETF draft suggests 24 h). */
        public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

        private IdempotencyTable() {
        }
    }

    /**
     * What the event source mapping from the table's stream to the fan-out function must do,
     * in every environment, for the delivery guarantees of docs/events.md to hold. The CDK
     * app sets these (with per-environment batch size, window, retries and record age in its
     * EnvironmentConfig); the local stream poller plays the same behaviour.
     */
    public static final class StreamMapping {
        /** The function reports partial failures (StreamsEventResponse.batchItemFailures). */
        public static final boolean REPORT_BATCH_ITEM_FAILURES = true;
        /** Split a batch in two when the function fails, to isolate a poison record. */
        public static final boolean BISECT_BATCH_ON_FUNCTION_ERROR = true;
        /** One batch per shard at a time: a key's records reach the function in commit order. */
        public static final int PARALLELIZATION_FACTOR = 1;
        /** A new or re-created mapping publishes every change still in the stream. */
        public static final String STARTING_POSITION = "TRIM_HORIZON";

        private StreamMapping() {
        }
    }

    /** Settings of the change queue and the dead-letter queues, shared by the CDK app and the local bootstrap. */
    public static final class Queues {
        /** Messages are de-duplicated by explicit ids (per key and version), never by content. */
        public static final boolean CONTENT_BASED_DEDUPLICATION = false;
        /** High-throughput FIFO: de-duplication and throughput limits apply per message group (per key). */
        public static final String DEDUPLICATION_SCOPE = "messageGroup";
        public static final String FIFO_THROUGHPUT_LIMIT = "perMessageGroupId";
        /** How long a consumer has to handle an event before it is delivered again. */
        public static final int VISIBILITY_TIMEOUT_SECONDS = 60;
        /** SQS's maximum retention: 14 days, for every queue. */
        public static final int RETENTION_SECONDS = 14 * 24 * 3600;
        /** Deliveries of one change event before it moves to the change queue's DLQ. */
        public static final int MAX_RECEIVE_COUNT = 5;

        private Queues() {
        }
    }

    /**
     * The IAM actions each function needs, and nothing more: the CDK app grants exactly these.
     * When the code starts calling a new operation, add its action here (the infra tests check
     * that the DynamoDB adapter calls no operation outside this list).
     */
    public static final class Permissions {
        /**
         * On the table: reads, and conditional writes (puts and deletes are both UpdateItem, alone
         * or inside TransactWriteItems, which IAM authorizes per contained action). BatchGetItem
         * reads the state item and the idempotency record in one round trip.
         */
        public static final List<String> API_TABLE_ACTIONS =
                List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem");
        /** On the idempotency table: the record is read and put, never updated or deleted. */
        public static final List<String> API_IDEMPOTENCY_TABLE_ACTIONS =
                List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem");
        /** On the change queue: SendMessage also authorizes SendMessageBatch. */
        public static final List<String> FAN_OUT_QUEUE_ACTIONS = List.of("sqs:SendMessage");
        /**
         * On the table, for the fan-out function: after DynamoDB's TTL sweeper removes an item it
         * puts back a tombstone keeping the key's version (VersionFloors.restore,
         * a conditional PutItem; docs/events.md).
         */
        public static final List<String> FAN_OUT_TABLE_ACTIONS = List.of("dynamodb:PutItem");

        private Permissions() {
        }
    }
}
