package io.stateapi.domain.exceptions;

/**
 * A principal named to the registry is not an IAM user, IAM role or STS assumed-role ARN: no
 * caller could ever arrive with it, so registering it would grant nothing and hide the mistake.
 */
public final class InvalidPrincipalException extends StateApiException {

    public InvalidPrincipalException(String message) {
        super(message);
    }
}
