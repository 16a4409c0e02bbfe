package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/** The namespace exists and has no schema of this version. */
public final class SchemaNotFoundException extends StateApiException {

    public SchemaNotFoundException(Namespace namespace, long version) {
        super("namespace '" + namespace.value() + "' has no schema version " + version);
    }
}
