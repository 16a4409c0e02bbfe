package io.stateapi.domain.exceptions;

/** A JSON document nested deeper than the service accepts. */
public final class NestingTooDeepException extends StateApiException {

    public NestingTooDeepException(String message) {
        super(message);
    }
}
