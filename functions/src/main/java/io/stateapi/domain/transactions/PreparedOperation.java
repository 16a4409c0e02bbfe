package io.stateapi.domain.transactions;

import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An operation as the store commits it: bound to the caller's tenant namespace (after access was
 * granted) with its namespace's settings applied.
 *
 * @param ttl          a put's effective time to live (the namespace's default when it sent none), else null
 * @param versionFloor what a put that may create its key starts above (ADR 0019), else 0
 * @param schemaVersion the schema version a put's value was checked against, recorded with it
 *                      (empty: none, or no put; ADR 0056)
 */
public record PreparedOperation(TransactionOperation operation, TenantNamespace namespace, TimeToLive ttl,
                                long versionFloor, OptionalLong schemaVersion) {

    /** An operation that writes no value under a schema. */
    public PreparedOperation(TransactionOperation operation, TenantNamespace namespace, TimeToLive ttl,
                             long versionFloor) {
        this(operation, namespace, ttl, versionFloor, OptionalLong.empty());
    }

    public PreparedOperation {
        schemaVersion = schemaVersion == null ? OptionalLong.empty() : schemaVersion;
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(namespace, "namespace");
        if (!operation.namespace().equals(namespace.namespace())) {
            throw new IllegalArgumentException("operation on " + operation.namespace() + " bound to " + namespace);
        }
    }
}
