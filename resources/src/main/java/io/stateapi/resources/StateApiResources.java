package io.stateapi.resources;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place that knows the names and shape of the AWS resources State API runs on.
 *
 * <p>The CDK app, the local stack's bootstrap and the functions' configuration all derive
 * names and settings from here, so a renamed table or queue cannot drift between them. Its
 * siblings in this package hold the rest of what they share: {@link Queues} (queue settings),
 * {@link Metrics} (the service's own metric names), {@link Permissions} (the IAM actions each
 * function is granted) and {@link FunctionProperties} (the property keys the api function reads,
 * which the environment variables named here set on AWS).
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
    /**
     * Environment variable through which the api and fan-out functions learn the change log
     * table name (ADR 0036). Property {@link FunctionProperties#CHANGE_LOG_TABLE_NAME}.
     */
    public static final String ENV_CHANGE_LOG_TABLE_NAME = "STATE_CHANGE_LOG_TABLE_NAME";
    /**
     * Environment variable: the item format every function writes state items in (ADR 0062, 0068),
     * 1 when unset; 2 stores large values gzip-compressed. Set by
     * the CDK app from its environment config on the api and housekeeping functions; a deployment
     * may raise it only once every running function reads the new format (docs/migrations.md).
     * Property {@link FunctionProperties#ITEM_WRITE_FORMAT}.
     */
    public static final String ENV_ITEM_WRITE_FORMAT = "STATE_ITEM_WRITE_FORMAT";
    /** The item format written when {@link #ENV_ITEM_WRITE_FORMAT} is unset. */
    public static final int DEFAULT_ITEM_WRITE_FORMAT = 1;
    /** Environment variable through which the functions learn the catalog table name. */
    public static final String ENV_CATALOG_TABLE_NAME = "STATE_CATALOG_TABLE_NAME";
    /**
     * Environment variable: how long a tombstone (a deleted or expired key) is kept before the
     * housekeeping run may forget it, as an ISO-8601 duration ({@code P30D} when unset; at
     * least {@link Housekeeping#MIN_TOMBSTONE_RETENTION}; ADR 0019).
     */
    public static final String ENV_TOMBSTONE_RETENTION = "STATE_TOMBSTONE_RETENTION";
    /**
     * Environment variable naming the JWT claim that carries the caller's tenant
     * ({@code tenant} when unset; ADR 0013). Property {@link FunctionProperties#AUTH_TENANT_CLAIM}.
     */
    public static final String ENV_AUTH_TENANT_CLAIM = "STATE_AUTH_TENANT_CLAIM";
    /**
     * Environment variable naming the JWT claim that narrows a token to namespaces
     * ({@code namespaces} when unset). Property {@link FunctionProperties#AUTH_NAMESPACES_CLAIM}.
     */
    public static final String ENV_AUTH_NAMESPACES_CLAIM = "STATE_AUTH_NAMESPACES_CLAIM";
    /**
     * Environment variable: the tenant of IAM principals that have no registration (a
     * single-tenant deployment); unset, such principals are refused. Property {@link FunctionProperties#AUTH_DEFAULT_TENANT}.
     */
    public static final String ENV_AUTH_DEFAULT_TENANT = "STATE_AUTH_DEFAULT_TENANT";
    /**
     * Environment variable: requests per second a tenant may send when an operator set no quota
     * of its own ({@link #DEFAULT_TENANT_REQUESTS_PER_SECOND} when unset; ADR 0017). The same
     * setting as the property {@link FunctionProperties#TENANT_REQUESTS_PER_SECOND}, which wins when both are set.
     */
    public static final String ENV_TENANT_REQUESTS_PER_SECOND = "STATE_TENANT_REQUESTS_PER_SECOND";
    /**
     * A tenant's requests per second when neither the environment nor an operator says: a tenth of
     * the prod stage's throttle (1000 per second, docs/deploy.md), so no tenant alone can use the
     * stage up. A single-tenant deployment sets it as high as its stage's rate.
     */
    public static final int DEFAULT_TENANT_REQUESTS_PER_SECOND = 100;
    /**
     * Environment variable through which the fan-out function learns the ARN of the shared
     * dead-letter queue ({@link #changesDeadLetterQueueName()}) that every tenant's change queue
     * redrives to: it names it in the {@code RedrivePolicy} of each queue it creates.
     */
    public static final String ENV_CHANGES_DEAD_LETTER_QUEUE_ARN = "STATE_CHANGES_DEAD_LETTER_QUEUE_ARN";
    /** Environment variable: the alarm topic the api function's subscription alarms notify (ADR 0038). */
    public static final String ENV_ALARM_TOPIC_ARN = "STATE_ALARM_TOPIC_ARN";
    /** Environment variable through which the fan-out function learns the stream's dead-letter queue URL. */
    public static final String ENV_STREAM_FAILURE_QUEUE_URL = "STATE_STREAM_FAILURE_QUEUE_URL";
    /** Environment variable naming the deployment in change events' {@code source}. */
    public static final String ENV_ENVIRONMENT = "STATE_ENVIRONMENT";
    /** Environment variable naming an emulator's endpoint for the plain (non-Micronaut) functions. */
    public static final String ENV_AWS_ENDPOINT = "STATE_AWS_ENDPOINT";
    /**
     * Environment variable telling the api function that the gateway in front of it delivers the
     * request path percent-decoded, as API Gateway HTTP APIs do ({@code "true"}; ADR 0009). The
     * CDK app sets it; the local stack sets the same setting as {@link FunctionProperties#PATH_ARRIVES_DECODED}.
     */
    public static final String ENV_PATH_ARRIVES_DECODED = "STATE_HTTP_PATH_ARRIVES_DECODED";

    /**
     * Environment variable: the key that signs listing cursors (ADR 0026), at least 32 characters,
     * the same on every instance of a deployment (the CDK app passes a generated Secrets Manager
     * secret). Changing it invalidates the cursors handed out. Property {@link FunctionProperties#CURSOR_KEY}.
     */
    public static final String ENV_CURSOR_KEY = "STATE_CURSOR_KEY";

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

    /** The Secrets Manager secret holding the key that signs listing cursors (ADR 0026). */
    public String cursorKeySecretName() {
        return PREFIX + "-" + environment + "-cursor-key";
    }

    /** Stored outcomes of writes sent with an {@code Idempotency-Key} (ADR 0007). */
    public String idempotencyTableName() {
        return PREFIX + "-" + environment + "-idempotency";
    }

    /**
     * Tenants, their namespaces and settings, the principal registry and the request quotas
     * (ADR 0013): the service's control data, apart from the state so it has no stream.
     */
    public String catalogTableName() {
        return PREFIX + "-" + environment + "-catalog";
    }

    /**
     * The change log (ADR 0036): one item per committed change of a key, written by the fan-out,
     * read by the history routes, removed by DynamoDB's TTL after its namespace's retention.
     */
    public String changeLogTableName() {
        return PREFIX + "-" + environment + "-changes";
    }

    /** Start of every tenant's change queue name: what IAM policies on those queues match. */
    public String tenantEventsQueuePrefix() {
        return PREFIX + "-" + environment + "-events-";
    }

    /**
     * The FIFO queue that carries one tenant's change events, and only that tenant's; created by
     * the fan-out on the tenant's first event. A tenant id is at most 36 characters, so the name
     * stays within SQS's 80.
     */
    public String tenantEventsQueueName(String tenant) {
        return tenantEventsQueuePrefix() + tenant + ".fifo";
    }

    /**
     * Every tenant's change queue of this environment and nothing else of it, as an IAM
     * resource-name pattern: what the fan-out may create and send to (a tenant id has no
     * {@code *} and no {@code .}).
     */
    public String tenantEventsQueueNamePattern() {
        return tenantEventsQueuePrefix() + "*.fifo";
    }

    /**
     * A tenant's SNS FIFO topic of change events (ADR 0038): {@code withValues} the one whose
     * events carry values as the namespace settings allow, else the keys-only one (values always
     * omitted). Created by the fan-out, or by the tenant's first subscription, when first needed. */
    public String tenantChangesTopicName(String tenant, boolean withValues) {
        return PREFIX + "-" + environment + "-changes-" + tenant + (withValues ? "" : "-keys") + ".fifo";
    }

    /** Every tenant's change topic of this environment (both kinds), as an IAM resource-name pattern. */
    public String tenantChangesTopicNamePattern() {
        return PREFIX + "-" + environment + "-changes-*.fifo";
    }

    /** The names of subscriptions' queues and alarms (ADR 0038). */
    public SubscriptionNames subscriptions() {
        return new SubscriptionNames(this);
    }

    /** The one shared change queue before ADR 0024; no longer made (kept so tests can tell it from the patterns). */
    public String changesQueueName() { return PREFIX + "-" + environment + "-changes.fifo"; }

    /**
     * The dead-letter queue every tenant's change queue redrives to (a FIFO queue's DLQ must be
     * FIFO too). Shared by all tenants, so only operators read it; SQS's redrive moves each message
     * back to the queue it came from.
     */
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

    /** Turns expired values into tombstones that keep their version (ADR 0008). */
    public String expirySweeperFunctionName() {
        return PREFIX + "-" + environment + "-expiry-sweeper";
    }

    /** The schedule (an EventBridge rule) that runs the expiry sweeper. */
    public String expirySweepScheduleName() {
        return PREFIX + "-" + environment + "-expiry-sweep";
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
    /** Lambda handler of the expiry sweeper (the local stack's schedule runs the same class). */
    public static final String EXPIRY_SWEEPER_HANDLER = "io.stateapi.expiry.ExpirySweepFunction::handleRequest";

    /** The table's shape: what both DynamoDB and its emulator must be created with. */
    public static final class Table {
        /** Partition key: the namespace, so a namespace's keys form one item collection. */
        public static final String PARTITION_KEY = "pk";
        /** Sort key: the state key, so prefix listing is a strongly consistent Query. */
        public static final String SORT_KEY = "sk";
        /**
         * DynamoDB's TTL is off on the state table: it deletes items, and every item of this
         * table is a key's version floor (ADR 0008). Expiry is the service's own: a value past
         * its {@code expiresAt} reads as absent, and the expiry sweeper turns it into a tombstone.
         */
        public static final boolean TIME_TO_LIVE_ENABLED = false;
        /**
         * The attribute DynamoDB's TTL read before ADR 0008. CloudFormation turns TTL off only
         * when told the attribute it is on, and leaves it on when the setting is merely removed,
         * so the CDK app names it with {@code Enabled: false}. Never enable TTL on it again.
         */
        public static final String RETIRED_TTL_ATTRIBUTE = "expiresAt";
        /** Sparse index of the items that have an expiry: what the expiry sweeper queries. */
        public static final String EXPIRY_INDEX = "expiry";
        /** The expiry index's partition key (S): the hour the value expires in, and a shard. */
        public static final String EXPIRY_INDEX_PARTITION_KEY = "expiryBucket";
        /** The expiry index's sort key (N): when the value expires, in epoch seconds. */
        public static final String EXPIRY_INDEX_SORT_KEY = "expiresAt";
        /**
         * Sparse index of tombstones by the UTC day they were written (ADR 0019): what the
         * tombstone purge queries for tombstones older than the retention, without a Scan.
         */
        public static final String TOMBSTONE_INDEX = "tombstones";
        /** The tombstone index's partition key (S): the day the key was deleted or expired, and a shard. */
        public static final String TOMBSTONE_INDEX_PARTITION_KEY = "tombstoneBucket";
        /** What the tombstone index carries besides the keys: the version the purge must keep as a floor. */
        public static final List<String> TOMBSTONE_INDEX_ATTRIBUTES = List.of("version");
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
     * The change log's shape (ADR 0036). A key's changes form one item collection, in commit
     * order: partition key {@code tenant#namespace#key} (the state item's partition key and its
     * sort key), sort key a number that is {@code 2 * version} for the change that committed the
     * version and {@code 2 * version + 1} for its expiry (an expiry commits no version of its
     * own). DynamoDB's TTL removes an item after its namespace's retention
     * ({@code changeRetentionDays}, 7 days by default). No stream.
     */
    public static final class ChangeLogTable {
        /** Partition key (S): the key's tenant, namespace and name. */
        public static final String PARTITION_KEY = "pk";
        /** Sort key (N): the change's place in the key's history. */
        public static final String SORT_KEY = "seq";
        /** Epoch-seconds attribute DynamoDB's TTL reads: commit time plus the namespace's retention. */
        public static final String TTL_ATTRIBUTE = "expiresAt";
        /**
         * The feed index (ADR 0037): a namespace's changes in the order the fan-out recorded them,
         * for the HTTP watch. Projects every attribute, so a watch reads values without a GetItem each.
         */
        public static final String FEED_INDEX = "feed";
        /** Feed index partition key (S): {@code tenant#namespace}. */
        public static final String FEED_PARTITION_KEY = "tenantNs";
        /** Feed index sort key (N): epoch millis at which the fan-out recorded the change. */
        public static final String FEED_SORT_KEY = "feedAt";

        private ChangeLogTable() {
        }
    }

    /**
     * The catalog table's shape: one table of string-keyed items (ADR 0013). Namespaces are
     * {@code pk = ns#<tenant>, sk = <namespace>}, principals {@code pk = principal, sk = <ARN>};
     * quota windows expire through DynamoDB's TTL.
     */
    public static final class CatalogTable {
        public static final String PARTITION_KEY = "pk";
        public static final String SORT_KEY = "sk";
        /** Epoch-seconds attribute DynamoDB's TTL reads: quota windows and finished purges go away. */
        public static final String TTL_ATTRIBUTE = "expiresAt";

        private CatalogTable() {
        }
    }
}
