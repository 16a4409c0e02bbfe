package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.OptionalLong;

/**
 * The schema version is not the one after the namespace's latest (HTTP 409, problem type
 * {@code schema-version-conflict}): versions follow each other from 1 and are created once, so
 * another creator got there first or the number skips one. Nothing was created.
 */
public class SchemaVersionConflictException extends StateApiException {

    private final Long latestVersion;

    public SchemaVersionConflictException(String message, int status, URI problemType, String detail, Long latestVersion) {
        super(message, status, problemType, detail, null);
        this.latestVersion = latestVersion;
    }

    /** The namespace's latest schema version (0: none); the next to create is one more. */
    public OptionalLong latestVersion() {
        return latestVersion == null ? OptionalLong.empty() : OptionalLong.of(latestVersion);
    }
}
