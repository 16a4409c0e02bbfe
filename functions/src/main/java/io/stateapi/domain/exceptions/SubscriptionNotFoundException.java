package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/** The caller's namespace has no subscription of that name (ADR 0038). */
public final class SubscriptionNotFoundException extends StateApiException {

    public SubscriptionNotFoundException(Namespace namespace, String name) {
        super("namespace '" + namespace.value() + "' has no subscription '" + name + "'");
    }
}
