package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/** A namespace asked to be deleted still holds live keys; nothing was changed. */
public final class NamespaceNotEmptyException extends StateApiException {

    public NamespaceNotEmptyException(Namespace namespace) {
        super("namespace '" + namespace.value() + "' still holds keys; delete them first");
    }
}
