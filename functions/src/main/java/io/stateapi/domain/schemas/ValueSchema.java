package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a namespace's schema, as it was created: immutable from then on (ADR 0052).
 *
 * @param version 1, 2, ... in the order they were created
 */
public record ValueSchema(TenantNamespace namespace, long version, JsonDocument schema, Instant createdAt) {

    public ValueSchema {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 1) {
            throw new IllegalArgumentException("schema versions start at 1: " + version);
        }
    }
}
