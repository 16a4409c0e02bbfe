package io.stateapi.domain.exceptions;

import io.stateapi.domain.Version;
import java.util.Optional;

/**
 * An increment met a value that is not an integer (an object, a string, a decimal): nothing was
 * written. Carries the version the key is at, from the same conditional write that failed.
 */
public final class NotANumberException extends StateApiException {

    private final Version currentVersion;

    public NotANumberException(String message, Version currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public Optional<Version> currentVersion() {
        return Optional.ofNullable(currentVersion);
    }
}
