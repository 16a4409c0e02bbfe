package io.stateapi.domain.exceptions;

/** A request body is not well-formed JSON (syntax, invalid UTF-8, duplicate member names, trailing data). */
public final class InvalidJsonException extends StateApiException {

    public InvalidJsonException(String message) {
        super(message);
    }
}
