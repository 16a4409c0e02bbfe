package io.stateapi.domain;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The live state of one key at one version.
 *
 * @param schemaVersion the namespace schema version the value was checked against when written
 *                      (empty: written without a schema; ADR 0056)
 */
public record StateRecord(
        TenantNamespace namespace,
        Key key,
        JsonDocument value,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        OptionalLong schemaVersion) {

    /** A value written where its namespace had no schema. */
    public StateRecord(TenantNamespace namespace, Key key, JsonDocument value, Version version, Instant createdAt,
                       Instant updatedAt, Instant expiresAt) {
        this(namespace, key, value, version, createdAt, updatedAt, expiresAt, OptionalLong.empty());
    }

    public StateRecord {
        schemaVersion = schemaVersion == null ? OptionalLong.empty() : schemaVersion;
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }
}
