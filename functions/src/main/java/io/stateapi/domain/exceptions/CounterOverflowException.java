package io.stateapi.domain.exceptions;

import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.Version;
import java.util.Optional;

/**
 * An increment would take the counter beyond the exact range, +-(2^53-1) ({@link ExactInteger}):
 * refused, never rounded, and nothing was written.
 */
public final class CounterOverflowException extends StateApiException {

    private final Version currentVersion;

    public CounterOverflowException(String message, Version currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public Optional<Version> currentVersion() {
        return Optional.ofNullable(currentVersion);
    }
}
