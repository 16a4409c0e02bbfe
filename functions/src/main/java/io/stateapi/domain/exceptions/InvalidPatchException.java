package io.stateapi.domain.exceptions;

/**
 * A patch document that is not one of its format: a JSON Patch that is not an array of
 * operations, an unknown {@code op}, a missing or non-string {@code path}, a malformed JSON
 * Pointer, a {@code move}/{@code copy} without {@code from}, an {@code add} without {@code value}.
 */
public final class InvalidPatchException extends StateApiException {

    public InvalidPatchException(String message) {
        super(message);
    }
}
