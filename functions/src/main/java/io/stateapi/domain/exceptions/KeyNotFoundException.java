package io.stateapi.domain.exceptions;

import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;

/** The key has no live value: never written, deleted, or expired. */
public final class KeyNotFoundException extends StateApiException {

    public KeyNotFoundException(TenantNamespace namespace, Key key) {
        super("key '" + key.value() + "' does not exist in namespace '" + namespace.name() + "'");
    }
}
