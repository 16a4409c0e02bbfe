package io.stateapi.resources;

/**
 * Settings of the tenants' change queues (the fan-out function creates them with these,
 * {@code TenantQueues}) and of the dead-letter queues (the CDK app and the local bootstrap).
 */
public final class Queues {
    /** Messages are de-duplicated by explicit ids (per key and version), never by content. */
    public static final boolean CONTENT_BASED_DEDUPLICATION = false;
    /** High-throughput FIFO: de-duplication and throughput limits apply per message group (per key). */
    public static final String DEDUPLICATION_SCOPE = "messageGroup";
    public static final String FIFO_THROUGHPUT_LIMIT = "perMessageGroupId";
    /** How long a consumer has to handle an event before it is delivered again. */
    public static final int VISIBILITY_TIMEOUT_SECONDS = 60;
    /** SQS's maximum retention: 14 days, for every queue. */
    public static final int RETENTION_SECONDS = 14 * 24 * 3600;
    /** Encryption at rest with SQS-owned keys, so consumers need no KMS grant. */
    public static final boolean SQS_MANAGED_SSE = true;
    /** Deliveries of one change event before it moves to the change queues' DLQ. */
    public static final int MAX_RECEIVE_COUNT = 5;

    private Queues() {
    }
}
