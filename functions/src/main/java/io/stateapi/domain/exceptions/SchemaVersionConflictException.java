package io.stateapi.domain.exceptions;

/**
 * A schema version that cannot be created now (ADR 0052): versions are immutable and follow
 * each other from 1, so only the version after the latest can be created, and only once. Of
 * two concurrent creators of one version, the second gets this.
 */
public final class SchemaVersionConflictException extends StateApiException {

    private final long latestVersion;

    public SchemaVersionConflictException(long requested, long latestVersion) {
        super("schema version " + requested + " cannot be created: the latest is "
                + (latestVersion == 0 ? "none" : Long.toString(latestVersion)) + ", so the next is " + (latestVersion + 1));
        this.latestVersion = latestVersion;
    }

    /** The namespace's latest schema version; 0 when it has none. */
    public long latestVersion() {
        return latestVersion;
    }
}
