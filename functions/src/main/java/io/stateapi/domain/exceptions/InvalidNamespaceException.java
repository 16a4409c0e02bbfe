package io.stateapi.domain.exceptions;

/** A namespace name does not match the allowed pattern. */
public final class InvalidNamespaceException extends StateApiException {

    public InvalidNamespaceException(String message) {
        super(message);
    }
}
