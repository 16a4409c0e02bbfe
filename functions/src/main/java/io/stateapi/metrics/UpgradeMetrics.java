package io.stateapi.metrics;

/** Stored values whose upgrade to the namespace's active schema version failed (ADR 0057, 0058). */
public interface UpgradeMetrics {

    /**
     * An upgrade on read failed: the transform failed on the value, or its result did not match
     * the step's schema. The value was served as stored, at its stored version.
     *
     * @param reason the failed step and why ({@code MigrationFailedException}'s message): a log field
     */
    void upgradeOnReadFailed(String reason);
}
