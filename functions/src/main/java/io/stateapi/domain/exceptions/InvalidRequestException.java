package io.stateapi.domain.exceptions;

/** A well-formed request whose content breaks a rule: a missing or unknown member, a wrong type, an out-of-range number, an unknown query parameter value. */
public final class InvalidRequestException extends StateApiException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
