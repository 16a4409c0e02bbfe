package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/** The caller's tenant has no namespace of this name (another tenant's of the same name is never seen). */
public final class NamespaceNotFoundException extends StateApiException {

    public NamespaceNotFoundException(Namespace namespace) {
        super("namespace '" + namespace.value() + "' does not exist");
    }
}
