package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/** The namespace exists but has not been purged, or its finished purge is no longer kept (ADR 0019). */
public final class PurgeNotFoundException extends StateApiException {

    public PurgeNotFoundException(Namespace namespace) {
        super("namespace '" + namespace.value() + "' has no purge running or recently done");
    }
}
