package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a namespace's schema, as it was created: immutable from then on (ADR 0052).
 *
 * @param version   1, 2, ... in the order they were created
 * @param migration the transform from version - 1's values to this version's, as the create body
 *                  gave it (ADR 0057); empty: values of the previous version are carried forward
 *                  as they are. Version 1 has none.
 */
public record ValueSchema(TenantNamespace namespace, long version, JsonDocument schema, Instant createdAt,
                          Optional<JsonDocument> migration) {

    public ValueSchema {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(migration, "migration");
        if (version < 1) {
            throw new IllegalArgumentException("schema versions start at 1: " + version);
        }
        if (version == 1 && migration.isPresent()) {
            throw new IllegalArgumentException("schema version 1 has no version to migrate from");
        }
    }

    /** A version without a migration. */
    public ValueSchema(TenantNamespace namespace, long version, JsonDocument schema, Instant createdAt) {
        this(namespace, version, schema, createdAt, Optional.empty());
    }
}
