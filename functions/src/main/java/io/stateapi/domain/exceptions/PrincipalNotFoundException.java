package io.stateapi.domain.exceptions;

/** The registry holds no registration for the principal. */
public final class PrincipalNotFoundException extends StateApiException {

    public PrincipalNotFoundException(String principal) {
        super("no registration for principal " + principal);
    }
}
