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
 * @param schemaVersion the namespace schema version the value was checked against when it was
 *                  written; empty when it was written while the namespace had no schema (ADR 0056)
 * @param <T>       the value's type
 */
public record Versioned<T>(String namespace, String key, T value, long version,
                           Instant createdAt, Instant updatedAt, Instant expiresAt, OptionalLong schemaVersion) {

    /** A value written without a schema. */
    public Versioned(String namespace, String key, T value, long version, Instant createdAt, Instant updatedAt,
                     Instant expiresAt) {
        this(namespace, key, value, version, createdAt, updatedAt, expiresAt, OptionalLong.empty());
    }

    public Versioned {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        schemaVersion = schemaVersion == null ? OptionalLong.empty() : schemaVersion;
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
