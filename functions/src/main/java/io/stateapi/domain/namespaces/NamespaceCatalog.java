package io.stateapi.domain.namespaces;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Optional;

/**
 * The port to the catalog of each tenant's namespaces and their settings (ADR 0016). Every
 * read is strongly consistent, so a namespace one request created or changed is what the next
 * request finds. It knows nothing of callers: {@link NamespaceService} checks access first.
 */
public interface NamespaceCatalog {

    /** The namespace, or empty when the tenant has none of this name. */
    Optional<NamespaceInfo> find(TenantNamespace namespace);

    /**
     * The namespace, created with {@link NamespaceSettings#DEFAULTS} when the tenant had none of
     * this name. Safe to race: of concurrent calls exactly one creates it, and every one returns
     * the namespace as it is (with settings another caller may have put in the meantime).
     */
    NamespaceInfo createIfAbsent(TenantNamespace namespace, Instant now);

    /**
     * Sets the namespace's settings, creating it when the tenant had none of this name. Keeps
     * its creation time, key count and status.
     *
     * @throws io.stateapi.domain.exceptions.NamespacePurgingException when it is being purged; nothing changes
     */
    SettingsPut putSettings(TenantNamespace namespace, NamespaceSettings settings, Instant now);

    /**
     * Up to {@code limit} of the tenant's namespaces in name order, starting after {@code after}.
     * The page may hold fewer than {@code limit} and still have {@link CatalogPage#more()}.
     */
    CatalogPage list(TenantId tenant, Optional<Namespace> after, int limit);

    /**
     * Removes the namespace from the catalog if no key in it is live at {@code now}. Deleted
     * and expired keys do not count; their tombstones stay in the state store, so a namespace
     * created again under the same name continues every key's versions.
     */
    NamespaceDeletion deleteIfEmpty(TenantNamespace namespace, Instant now);

    /**
     * Marks the namespace {@code purging} and records a purge that the housekeeping runs carry
     * out (ADR 0019), both at once. A namespace already purging answers the purge under way.
     *
     * @return the purge's status; empty when the tenant has no such namespace
     */
    Optional<PurgeStatus> startPurge(TenantNamespace namespace, Instant now);

    /** The namespace's purge, running or done; empty when there is none (or a finished one is no longer kept). */
    Optional<PurgeStatus> purgeStatus(TenantNamespace namespace, Instant now);

    /**
     * The namespace's version floor: at least the version of every tombstone of it the
     * housekeeping purged, and of every key of a purged namespace of this name; 0 when none
     * was. A key that has no item starts above it (ADR 0019). Kept per name, whether or not the
     * namespace exists now, and only ever raised.
     */
    long versionFloor(TenantNamespace namespace);
}
