package io.stateapi.client.exceptions;

/**
 * {@code update} gave up: every one of its attempts lost the compare-and-set race to another
 * writer. Nothing was written by the call. The last conflict is the cause.
 */
public class UpdateContentionException extends StateApiException {

    private final int attempts;

    public UpdateContentionException(String message, int attempts, VersionConflictException lastConflict) {
        super(message, lastConflict);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
