package io.stateapi.domain.exceptions;

import io.stateapi.domain.Namespace;

/**
 * An increment in a namespace with a schema (ADR 0052): the store adds in one write without
 * reading the sum, so no schema could check it. The namespace's state refuses it, not the input.
 */
public final class CountersNotSupportedException extends StateApiException {

    public CountersNotSupportedException(Namespace namespace, long schemaVersion) {
        super("namespace '" + namespace.value() + "' has a schema (version " + schemaVersion
                + "); counters are not supported in it yet: write the value with PUT or PATCH");
    }
}
