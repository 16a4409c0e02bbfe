package io.stateapi.domain.schemas;

/**
 * A schema migration could not bring a value from one version to the next: the transform failed
 * on it, or its result does not match the version it migrates to. The stored value is untouched
 * and stays readable at the version it was stored at. Not a {@code StateApiException}: it never
 * reaches a caller as an error (a read serves the stored value, a backfill records the key as
 * failed).
 */
public final class MigrationFailedException extends RuntimeException {

    private final long fromVersion;
    private final long toVersion;

    public MigrationFailedException(long fromVersion, long toVersion, String reason) {
        super("the migration from schema version " + fromVersion + " to " + toVersion + " failed: " + reason,
                null, false, false);
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
    }

    public long fromVersion() {
        return fromVersion;
    }

    public long toVersion() {
        return toVersion;
    }
}
