package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/**
 * The namespace is being purged (ADR 0019): its keys cannot be written or deleted, its
 * settings cannot be changed, and it cannot be created again until the purge is done.
 */
public final class NamespacePurgingException extends StateApiException {

    public NamespacePurgingException(Namespace namespace) {
        super("namespace '" + namespace.value() + "' is being purged; it can be created again once"
                + " GET /v1/namespaces/" + namespace.value() + "/purge says done");
    }
}
