package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.OptionalLong;

/**
 * The backfill cannot be started as asked (HTTP 409, problem type {@code backfill-conflict}): the
 * version is not the namespace's active one (a backfill upgrades to the active version), or a
 * backfill of it runs with the other {@code dryRun}. Nothing was started.
 */
public class BackfillConflictException extends StateApiException {

    private final Long activeVersion;

    public BackfillConflictException(String message, int status, URI problemType, String detail, Long activeVersion) {
        super(message, status, problemType, detail, null);
        this.activeVersion = activeVersion;
    }

    /** The namespace's active schema version (0: none). */
    public OptionalLong activeVersion() {
        return activeVersion == null ? OptionalLong.empty() : OptionalLong.of(activeVersion);
    }
}
