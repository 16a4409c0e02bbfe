package io.stateapi.domain.exceptions;

/**
 * The credential is valid but does not allow this: a scope or a namespace grant is missing, or it
 * names no usable tenant. Nothing was read or changed.
 */
public final class ForbiddenException extends StateApiException {

    public ForbiddenException(String message) {
        super(message);
    }
}
