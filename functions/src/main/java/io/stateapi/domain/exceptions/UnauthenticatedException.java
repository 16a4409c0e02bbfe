package io.stateapi.domain.exceptions;

/**
 * The request carries no verified credential. In front of the function the authorizer turns such
 * requests away; reaching the function without its verdict means the route is misconfigured, and
 * the function refuses rather than guess a tenant.
 */
public final class UnauthenticatedException extends StateApiException {

    public UnauthenticatedException(String message) {
        super(message);
    }
}
