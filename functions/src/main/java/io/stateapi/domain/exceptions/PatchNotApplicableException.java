package io.stateapi.domain.exceptions;

/**
 * A well-formed JSON Patch operation that cannot apply to the value: its {@code path} or
 * {@code from} names nothing, an array index is out of range, a {@code move} into its own
 * child. Nothing was written.
 */
public final class PatchNotApplicableException extends StateApiException {

    private final int operationIndex;
    private final String path;

    public PatchNotApplicableException(int operationIndex, String path, String message) {
        super(message);
        this.operationIndex = operationIndex;
        this.path = path;
    }

    public int operationIndex() {
        return operationIndex;
    }

    public String path() {
        return path;
    }
}
