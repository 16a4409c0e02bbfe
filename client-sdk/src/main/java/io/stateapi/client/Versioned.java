package io.stateapi.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A key's value at one version, as the service returned it.
 *
 * @param namespace the namespace
 * @param key       the key
 * @param value     the value, converted to the requested type (may be {@code null}: JSON null is a value)
 * @param version   the version: 1 when the key was first created, one more with every change;
 *                  it keeps counting when a key is deleted and created again
 * @param createdAt when the key was (last) created
 * @param updatedAt when this version was written
 * @param expiresAt when the key expires, or {@code null} when it has no time to live
 * @param schemaVersion the namespace schema version of {@code value}: the one it was checked against
 *                  when it was written, or the active one it was upgraded to on read (ADR 0057);
 *                  empty when it matches no version (written while the namespace had no schema)
 * @param storedSchemaVersion the version the stored item records: below {@code schemaVersion} when
 *                  the value was upgraded on read and the backfill has not rewritten it yet; equal
 *                  to it otherwise (ADR 0056, 0057)
 * @param <T>       the value's type
 */
public record Versioned<T>(String namespace, String key, T value, long version, Instant createdAt, Instant updatedAt,
                           Instant expiresAt, OptionalLong schemaVersion, OptionalLong storedSchemaVersion) {

    /** A value written without a schema. */
    public Versioned(String namespace, String key, T value, long version, Instant createdAt, Instant updatedAt,
                     Instant expiresAt) {
        this(namespace, key, value, version, createdAt, updatedAt, expiresAt, OptionalLong.empty());
    }

    /** A value as it is stored: at the schema version it was written at. */
    public Versioned(String namespace, String key, T value, long version, Instant createdAt, Instant updatedAt,
                     Instant expiresAt, OptionalLong schemaVersion) {
        this(namespace, key, value, version, createdAt, updatedAt, expiresAt, schemaVersion, schemaVersion);
    }

    public Versioned {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        schemaVersion = schemaVersion == null ? OptionalLong.empty() : schemaVersion;
        storedSchemaVersion = storedSchemaVersion == null ? OptionalLong.empty() : storedSchemaVersion;
    }

    /** Whether the service upgraded the value on read: the stored item is at an older schema version. */
    public boolean upgradedOnRead() {
        return storedSchemaVersion.isPresent() && schemaVersion.isPresent()
                && storedSchemaVersion.getAsLong() < schemaVersion.getAsLong();
    }

    /** When the key expires; empty when it has no time to live. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** The condition that this exact version is still current, for a compare-and-set. */
    public IfVersion ifUnchanged() {
        return IfVersion.of(version);
    }
}
