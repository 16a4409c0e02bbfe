package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/** The namespace has no backfill of this schema version in its current life (ADR 0058). */
public final class BackfillNotFoundException extends StateApiException {

    public BackfillNotFoundException(Namespace namespace, long version) {
        super("namespace '" + namespace.value() + "' has no backfill of schema version " + version);
    }
}
