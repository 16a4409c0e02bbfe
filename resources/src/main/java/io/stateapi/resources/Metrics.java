package io.stateapi.resources;

/**
 * The service's own CloudWatch metrics, written by the functions as embedded-metric-format
 * log lines and watched by the CDK app's alarms.
 */
public final class Metrics {
    /** CloudWatch namespace of every State API metric. */
    public static final String NAMESPACE = "StateApi";
    /** The dimension of every metric: the deployment's environment name. */
    public static final String ENVIRONMENT_DIMENSION = "Environment";
    /** The api function's metrics also by route: method and route template, {@code GET /v1/namespaces/{namespace}/keys/{+key}}. */
    public static final String ROUTE_DIMENSION = "Route";
    /** ... and by the response's status code, {@code 200}. */
    public static final String STATUS_DIMENSION = "Status";
    /** Requests the api function answered (1 per request line; Sum). By Route and Status too. Count. */
    public static final String REQUESTS = "Requests";
    /** Requests refused for a conflict: 412 (version conflict) or 409. By Route and Status too. Count. */
    public static final String CONFLICTS = "Conflicts";
    /** Writes answered from the stored outcome of an earlier request with the same Idempotency-Key. Count. */
    public static final String IDEMPOTENT_REPLAYS = "IdempotentReplays";
    /** How long the api function took to answer, from routing to the response. Milliseconds. */
    public static final String REQUEST_LATENCY = "RequestLatency";
    /** Change events the fan-out published (each to its tenant's queue and topics) in one batch. Count. */
    public static final String EVENTS_PUBLISHED = "EventsPublished";
    /**
     * Stream records the fan-out handed back to the event source mapping to be delivered again
     * (a publish, a change-log write or a tombstone that failed for now, and every record after it). Count.
     */
    public static final String PUBLISH_RETRIES = "PublishRetries";
    /**
     * Write-to-publish lag: from a stream record's approximate creation time (the write's commit,
     * to the second) to its events' publication; the largest of a batch. Seconds.
     */
    public static final String PUBLISH_LAG = "PublishLag";
    /**
     * Change events published without {@code value} and {@code previousValue}: their namespace's
     * {@code eventValues} is false (ADR 0025), or the values did not fit in a message. Count.
     */
    public static final String EVENT_VALUES_OMITTED = "EventValuesOmitted";
    /**
     * Of {@link #EVENT_VALUES_OMITTED}, the events whose namespace wants values but whose values
     * did not fit in SQS's 256 KiB: subscribers must read the key. Count.
     */
    public static final String EVENT_VALUES_TOO_LARGE = "EventValuesTooLarge";
    /**
     * Tombstones the fan-out put back after an item was removed outside the API, keeping the
     * key's version floor (ADR 0008). Count.
     */
    public static final String VERSION_FLOORS_KEPT = "VersionFloorsKept";
    /** A key's version floor could not be kept: its versions may restart (ADR 0008). Count. */
    public static final String VERSION_FLOOR_LOST = "VersionFloorLost";
    /**
     * Writes whose answer was lost after they committed (the AWS SDK sent them again) and that
     * the store recognised by their write token and reported as the commit they were (ADR 0007). Count.
     */
    public static final String LOST_ANSWERS_RECOVERED = "LostAnswersRecovered";
    /**
     * Stored values whose upgrade to their namespace's active schema version failed: the
     * migration's transform failed on them, or its result did not match the version (ADR 0057,
     * 0058). An upgrade on read serves the value as stored (api function, {@code path=read}); a
     * backfill leaves it as stored and lists it (housekeeping, {@code path=backfill}, dry runs
     * not counted). Count.
     */
    public static final String UPGRADES_FAILED = "UpgradesFailed";
    /**
     * A namespace's approximate key count could not be moved by a batch's changes; the delta is
     * lost and the count is off by it from then on (ADR 0025). Count.
     */
    public static final String KEY_COUNT_UPDATE_FAILED = "KeyCountUpdateFailed";
    /** Expired values the sweeper turned into tombstones in one run. Count. */
    public static final String EXPIRED_KEYS_SWEPT = "ExpiredKeysSwept";
    /** How long the oldest expired value a sweep found had been expired. Seconds. */
    public static final String EXPIRY_SWEEP_LAG = "ExpirySweepLag";
    /** Keys (state items holding a value) namespace purges removed in one run. Count. */
    public static final String KEYS_PURGED = "KeysPurged";
    /** Tombstones older than the retention removed in one run. Count. */
    public static final String TOMBSTONES_PURGED = "TombstonesPurged";

    private Metrics() {
    }
}
