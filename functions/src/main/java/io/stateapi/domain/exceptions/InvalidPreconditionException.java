package io.stateapi.domain.exceptions;

/** A precondition header (If-Match, If-None-Match) that cannot be parsed or combined. */
public final class InvalidPreconditionException extends StateApiException {

    public InvalidPreconditionException(String message) {
        super(message);
    }
}
