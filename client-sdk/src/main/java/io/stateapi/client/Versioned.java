package io.stateapi.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
 * @param <T>       the value's type
 */
public record Versioned<T>(String namespace, String key, T value, long version,
                           Instant createdAt, Instant updatedAt, Instant expiresAt) {

    public Versioned {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
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
