package io.stateapi.domain.exceptions;

import io.stateapi.domain.Version;
import java.util.Optional;

/**
 * A precondition did not hold: the key is not at the expected version, exists when it
 * should not, or is absent when a version was expected. Carries the version the key is at
 * now (empty when it is absent), taken from the same conditional write that failed.
 */
public final class VersionConflictException extends StateApiException {

    private final Version currentVersion;

    public VersionConflictException(String message, Version currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public Optional<Version> currentVersion() {
        return Optional.ofNullable(currentVersion);
    }
}
