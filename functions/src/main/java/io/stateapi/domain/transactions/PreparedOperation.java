package io.stateapi.domain.transactions;

import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.Objects;

/**
 * An operation as the store commits it: bound to the caller's tenant namespace (after access was
 * granted) with its namespace's settings applied.
 *
 * @param ttl          a put's effective time to live (the namespace's default when it sent none), else null
 * @param versionFloor what a put that may create its key starts above (ADR 0019), else 0
 */
public record PreparedOperation(TransactionOperation operation, TenantNamespace namespace, TimeToLive ttl,
                                long versionFloor) {

    public PreparedOperation {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(namespace, "namespace");
        if (!operation.namespace().equals(namespace.namespace())) {
            throw new IllegalArgumentException("operation on " + operation.namespace() + " bound to " + namespace);
        }
    }
}
