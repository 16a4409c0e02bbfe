package io.stateapi.domain.namespaces;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A namespace as its tenant's catalog records it.
 *
 * @param approximateKeyCount live keys as the fan-out counts them from the change stream: it
 *                            lags the writes, may drift, and is never below 0 (ADR 0025)
 * @param updatedAt           when the settings were last put
 * @param schemaVersion       the active schema version that every written value must match;
 *                            empty: any value goes (ADR 0052). Set by creating a schema version,
 *                            never by putting settings.
 */
public record NamespaceInfo(TenantNamespace namespace, NamespaceSettings settings, long approximateKeyCount,
                            Instant createdAt, Instant updatedAt, NamespaceStatus status, OptionalLong schemaVersion) {

    public NamespaceInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
    }

    /** A namespace without a schema. */
    public NamespaceInfo(TenantNamespace namespace, NamespaceSettings settings, long approximateKeyCount,
                         Instant createdAt, Instant updatedAt, NamespaceStatus status) {
        this(namespace, settings, approximateKeyCount, createdAt, updatedAt, status, OptionalLong.empty());
    }

    /** A namespace that has just been created with {@code settings}. */
    public static NamespaceInfo created(TenantNamespace namespace, NamespaceSettings settings, Instant now) {
        return new NamespaceInfo(namespace, settings, 0, now, now, NamespaceStatus.ACTIVE);
    }
}
