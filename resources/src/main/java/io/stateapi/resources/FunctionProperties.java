package io.stateapi.resources;

/**
 * The configuration property keys the api function (a Micronaut application) reads, and that the
 * local stack sets on it directly ({@code LocalStack.functionProperties}).
 *
 * <p>On AWS the CDK app sets the environment variables of {@link StateApiResources} instead, and
 * Micronaut derives these keys from them: {@code STATE_TABLE_NAME} is also {@code state.table-name}
 * ({@code FunctionPropertiesTest} holds every pair). The exception is
 * {@link #TENANT_REQUESTS_PER_SECOND}, which no environment variable name derives; the api function
 * reads {@link StateApiResources#ENV_TENANT_REQUESTS_PER_SECOND} beside it.
 */
public final class FunctionProperties {

    /** {@link StateApiResources#ENV_TABLE_NAME}: the state table. */
    public static final String TABLE_NAME = "state.table-name";
    /** {@link StateApiResources#ENV_IDEMPOTENCY_TABLE_NAME}: the stored outcomes of idempotent writes. */
    public static final String IDEMPOTENCY_TABLE_NAME = "state.idempotency-table-name";
    /** {@link StateApiResources#ENV_IDEMPOTENCY_RETENTION}: how long an outcome is replayed (ISO-8601). */
    public static final String IDEMPOTENCY_RETENTION = "state.idempotency-retention";
    /** {@link StateApiResources#ENV_ITEM_WRITE_FORMAT}: the item format state items are written in (ADR 0062). */
    public static final String ITEM_WRITE_FORMAT = "state.item-write-format";
    /** {@link StateApiResources#ENV_CATALOG_TABLE_NAME}: tenants, namespaces, principals and quotas. */
    public static final String CATALOG_TABLE_NAME = "state.catalog-table-name";
    /** {@link StateApiResources#ENV_CHANGE_LOG_TABLE_NAME}: the keys' change history (ADR 0036). */
    public static final String CHANGE_LOG_TABLE_NAME = "state.change-log-table-name";
    /** {@link StateApiResources#ENV_ENVIRONMENT}: the deployment's name (metrics, resource names). */
    public static final String ENVIRONMENT = "state.environment";
    /** {@link StateApiResources#ENV_AWS_ENDPOINT}: an emulator's endpoint; unset on AWS. */
    public static final String AWS_ENDPOINT = "state.aws.endpoint";
    /** {@link StateApiResources#ENV_AUTH_TENANT_CLAIM}: the JWT claim naming the tenant (ADR 0013). */
    public static final String AUTH_TENANT_CLAIM = "state.auth.tenant-claim";
    /** {@link StateApiResources#ENV_AUTH_NAMESPACES_CLAIM}: the JWT claim narrowing a token to namespaces. */
    public static final String AUTH_NAMESPACES_CLAIM = "state.auth.namespaces-claim";
    /** {@link StateApiResources#ENV_AUTH_DEFAULT_TENANT}: the tenant of unregistered IAM principals. */
    public static final String AUTH_DEFAULT_TENANT = "state.auth.default-tenant";
    /** {@link StateApiResources#ENV_ALARM_TOPIC_ARN}: what subscriptions' alarms notify (ADR 0038). */
    public static final String ALARM_TOPIC_ARN = "state.alarm-topic-arn";
    /** {@link StateApiResources#ENV_PATH_ARRIVES_DECODED}: the gateway hands the path percent-decoded (ADR 0009). */
    public static final String PATH_ARRIVES_DECODED = "state.http.path-arrives-decoded";
    /** {@link StateApiResources#ENV_CURSOR_KEY}: the key that signs listing cursors (ADR 0026). */
    public static final String CURSOR_KEY = "state.cursor-key";
    /**
     * A tenant's default requests per second (ADR 0017); wins over
     * {@link StateApiResources#ENV_TENANT_REQUESTS_PER_SECOND} when both are set.
     */
    public static final String TENANT_REQUESTS_PER_SECOND = "state.quota.requests-per-second";

    private FunctionProperties() {
    }
}
