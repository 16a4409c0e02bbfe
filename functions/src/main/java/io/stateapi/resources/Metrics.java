package io.stateapi.resources;

/**
 * The service's own CloudWatch metrics, written by the functions as embedded-metric-format
 * log lines and watched by the CDK app's alarms.
 */
public final class Metrics {
    /** CloudWatch namespace of every State API metric. */
    public static final String NAMESPACE = "StateApi";
    /** The one dimension: the deployment's environment name. */
    public static final String ENVIRONMENT_DIMENSION = "Environment";
    /** A key's version floor could not be kept: its versions may restart (ADR 0008). Count. */
    public static final String VERSION_FLOOR_LOST = "VersionFloorLost";
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
