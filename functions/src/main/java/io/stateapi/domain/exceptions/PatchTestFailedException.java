package io.stateapi.domain.exceptions;

import io.stateapi.domain.Version;
import java.util.Optional;

/**
 * A JSON Patch {@code test} operation did not hold: the value is not as the patch expected,
 * so nothing was written. Carries the version the patch was tried against.
 */
public final class PatchTestFailedException extends StateApiException {

    private final int operationIndex;
    private final String path;
    private final Version currentVersion;

    public PatchTestFailedException(int operationIndex, String path, String message, Version currentVersion) {
        super(message);
        this.operationIndex = operationIndex;
        this.path = path;
        this.currentVersion = currentVersion;
    }

    /** The same failure, against the version the patch was tried on. */
    public PatchTestFailedException at(Version version) {
        return new PatchTestFailedException(operationIndex, path, getMessage(), version);
    }

    public int operationIndex() {
        return operationIndex;
    }

    public String path() {
        return path;
    }

    public Optional<Version> currentVersion() {
        return Optional.ofNullable(currentVersion);
    }
}
