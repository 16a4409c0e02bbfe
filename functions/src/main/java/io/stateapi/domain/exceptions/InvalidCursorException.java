package io.stateapi.domain.exceptions;

/**
 * A cursor this deployment did not issue for this request: altered, cut short, not a cursor at
 * all, or issued for another listing (another tenant, namespace or prefix). Reported without
 * saying which, so a cursor cannot be probed (ADR 0026).
 */
public final class InvalidCursorException extends StateApiException {

    public InvalidCursorException() {
        super("cursor is not one this API issued for this listing; pass nextCursor from the previous page"
                + " with the same namespace and prefix, as it is");
    }
}
