package io.stateapi.domain;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The live state of one key at one version.
 *
 * @param schemaVersion       the namespace schema version {@code value} matches: the one it was
 *                            checked against when written (ADR 0056), or, once upgraded on read,
 *                            the one it was migrated to (ADR 0057); empty: none known
 * @param storedSchemaVersion the version the item records for its stored value (empty: written
 *                            without a schema); the same as {@code schemaVersion} unless the value
 *                            was upgraded on read
 */
public record StateRecord(
        TenantNamespace namespace,
        Key key,
        JsonDocument value,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        OptionalLong schemaVersion,
        OptionalLong storedSchemaVersion) {

    /** A value written where its namespace had no schema. */
    public StateRecord(TenantNamespace namespace, Key key, JsonDocument value, Version version, Instant createdAt,
                       Instant updatedAt, Instant expiresAt) {
        this(namespace, key, value, version, createdAt, updatedAt, expiresAt, OptionalLong.empty());
    }

    /** A value as it is stored, at the version it records. */
    public StateRecord(TenantNamespace namespace, Key key, JsonDocument value, Version version, Instant createdAt,
                       Instant updatedAt, Instant expiresAt, OptionalLong schemaVersion) {
        this(namespace, key, value, version, createdAt, updatedAt, expiresAt, schemaVersion, schemaVersion);
    }

    public StateRecord {
        schemaVersion = schemaVersion == null ? OptionalLong.empty() : schemaVersion;
        storedSchemaVersion = storedSchemaVersion == null ? OptionalLong.empty() : storedSchemaVersion;
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * The same key and version with its value as it reads at {@code schemaVersion} (upgraded on
     * read, ADR 0057): the item, its version and its stored schema version are unchanged.
     */
    public StateRecord readAs(JsonDocument upgraded, OptionalLong schemaVersion) {
        return new StateRecord(namespace, key, upgraded, version, createdAt, updatedAt, expiresAt, schemaVersion,
                storedSchemaVersion);
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }
}
