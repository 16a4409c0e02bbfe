package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.OptionalLong;

/**
 * A conditional write or delete found the key at another version than its condition required
 * (HTTP 412, problem type {@code version-conflict}). {@link #currentVersion()} tells what the
 * key is at now; it is empty when the key does not exist.
 */
public class VersionConflictException extends StateApiException {

    private final Long currentVersion;

    public VersionConflictException(String message, int status, URI problemType, String detail, Long currentVersion) {
        super(message, status, problemType, detail, null);
        this.currentVersion = currentVersion;
    }

    /** The key's version at the time of the conflict; empty when the key is absent. */
    public OptionalLong currentVersion() {
        return currentVersion == null ? OptionalLong.empty() : OptionalLong.of(currentVersion);
    }
}
