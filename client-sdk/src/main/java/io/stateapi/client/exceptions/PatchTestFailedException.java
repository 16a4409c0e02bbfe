package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A JSON Patch {@code test} operation did not hold (HTTP 409, problem type
 * {@code patch-test-failed}): the value is not as the patch expected, and nothing was written.
 * {@link #currentVersion()} is the version the patch was tried on; read it again to decide.
 */
public class PatchTestFailedException extends StateApiException {

    private final Integer operation;
    private final String path;
    private final Long currentVersion;

    public PatchTestFailedException(String message, int status, URI problemType, String detail, Integer operation,
                                    String path, Long currentVersion) {
        super(message, status, problemType, detail, null);
        this.operation = operation;
        this.path = path;
        this.currentVersion = currentVersion;
    }

    /** The index of the failed test in the patch. */
    public OptionalInt operation() {
        return operation == null ? OptionalInt.empty() : OptionalInt.of(operation);
    }

    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    public OptionalLong currentVersion() {
        return currentVersion == null ? OptionalLong.empty() : OptionalLong.of(currentVersion);
    }
}
