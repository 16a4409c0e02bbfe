package io.stateapi.domain;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The live state of one key at one version. */
public record StateRecord(
        TenantNamespace namespace,
        Key key,
        JsonDocument value,
        Version version,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {

    public StateRecord {
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
