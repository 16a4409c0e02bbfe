package io.stateapi.domain.exceptions;

/**
 * A backfill that cannot be started as asked (ADR 0058): its version is not the namespace's
 * active one (a backfill upgrades to the active version), or a backfill of it is running with
 * other settings (a dry run and a real one are never mixed).
 */
public final class BackfillConflictException extends StateApiException {

    private final long activeVersion;

    public BackfillConflictException(String message, long activeVersion) {
        super(message);
        this.activeVersion = activeVersion;
    }

    /** The namespace's active schema version; 0 when it has none. */
    public long activeVersion() {
        return activeVersion;
    }
}
