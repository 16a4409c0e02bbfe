package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A JSON Patch operation cannot apply to the key's value (HTTP 422, problem type
 * {@code patch-not-applicable}): its path or {@code from} names nothing, or an array index is out
 * of range. Nothing was written.
 */
public class PatchNotApplicableException extends StateApiException {

    private final Integer operation;
    private final String path;

    public PatchNotApplicableException(String message, int status, URI problemType, String detail, Integer operation,
                                       String path) {
        super(message, status, problemType, detail, null);
        this.operation = operation;
        this.path = path;
    }

    /** The index of the operation that cannot apply. */
    public OptionalInt operation() {
        return operation == null ? OptionalInt.empty() : OptionalInt.of(operation);
    }

    public Optional<String> path() {
        return Optional.ofNullable(path);
    }
}
