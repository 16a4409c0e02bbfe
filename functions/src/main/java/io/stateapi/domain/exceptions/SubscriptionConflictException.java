package io.stateapi.domain.exceptions;

/**
 * A subscription cannot be created as asked, and nothing was changed (ADR 0038): the name is
 * taken in the namespace (by a subscription with another filter, or one being deleted), or the
 * tenant has as many subscriptions as it may.
 */
public final class SubscriptionConflictException extends StateApiException {

    public SubscriptionConflictException(String message) {
        super(message);
    }
}
