package io.stateapi.domain.namespaces;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.NamespaceNotEmptyException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.PurgeNotFoundException;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Namespaces as a resource of their tenant (ADR 0016): describe and list them ({@code state:read}),
 * put their settings, delete empty ones and purge full ones ({@code state:admin}), and follow a
 * purge ({@code state:read}; ADR 0019). Each operation asks the caller
 * for access before it reads or changes the catalog; a listing shows only the namespaces the
 * caller's grants cover.
 */
public final class NamespaceService {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 100;
    /**
     * Most catalog entries one listing request reads. A caller granted a few namespaces of a
     * tenant that has many gets a short (even empty) page with a cursor rather than a request
     * that reads the whole catalog.
     */
    static final int MAX_SCANNED = 1000;
    /** Entries read at a time when the caller's grants may skip some. */
    private static final int BATCH = 100;

    private final NamespaceCatalog catalog;
    private final NamespaceSettingsCache cache;
    private final Clock clock;

    public NamespaceService(NamespaceCatalog catalog, NamespaceSettingsCache cache, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws NamespaceNotFoundException when the caller's tenant has no such namespace */
    public NamespaceInfo describe(Caller caller, Namespace name) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        return catalog.find(namespace).orElseThrow(() -> new NamespaceNotFoundException(name));
    }

    /**
     * The caller's namespaces in name order, {@code limit} at most, after the cursor's.
     *
     * @throws InvalidRequestException when {@code limit} is not from 1 to {@link #MAX_PAGE_SIZE}
     */
    public NamespacePage list(Caller caller, int limit, Optional<NamespaceCursor> cursor) {
        TenantId tenant = caller.requireTenant();
        caller.require(Scope.READ);
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + MAX_PAGE_SIZE);
        }
        NamespaceGrants grants = caller.grants();
        List<NamespaceInfo> page = new ArrayList<>();
        Optional<Namespace> after = cursor.map(NamespaceCursor::after);
        int scanned = 0;
        while (true) {
            CatalogPage read = catalog.list(tenant, after, grants.coversAll() ? limit - page.size() : BATCH);
            List<NamespaceInfo> found = read.namespaces();
            for (int i = 0; i < found.size(); i++) {
                NamespaceInfo info = found.get(i);
                after = Optional.of(info.namespace().namespace());
                scanned++;
                if (grants.covers(info.namespace().namespace())) {
                    page.add(info);
                    if (page.size() == limit) {
                        boolean more = read.more() || i < found.size() - 1;
                        return new NamespacePage(page, more ? after.map(NamespaceCursor::new) : Optional.empty());
                    }
                }
            }
            if (!read.more() || found.isEmpty()) {
                return new NamespacePage(page, Optional.empty());
            }
            if (scanned >= MAX_SCANNED) {
                return new NamespacePage(page, after.map(NamespaceCursor::new));
            }
        }
    }

    /**
     * Creates the namespace with {@code settings}, or replaces the settings of the one there is.
     *
     * @throws NamespacePurgingException when it is being purged
     */
    public SettingsPut put(Caller caller, Namespace name, NamespaceSettings settings) {
        return put(caller, name, settings, Optional.empty());
    }

    /**
     * As {@link #put(Caller, Namespace, NamespaceSettings)}, with the active schema version the
     * caller believes the namespace has (ADR 0052): settings never change it, so one that differs
     * is refused rather than silently kept.
     *
     * @param schemaVersion empty: not said; an empty {@link OptionalLong}: no schema
     * @throws InvalidRequestException when {@code schemaVersion} is not the active one
     */
    public SettingsPut put(Caller caller, Namespace name, NamespaceSettings settings,
                           Optional<OptionalLong> schemaVersion) {
        TenantNamespace namespace = caller.access(Scope.ADMIN, name);
        if (schemaVersion.isPresent()) {
            OptionalLong active = catalog.find(namespace).map(NamespaceInfo::schemaVersion).orElse(OptionalLong.empty());
            if (!active.equals(schemaVersion.get())) {
                throw new InvalidRequestException("schemaVersion is " + (active.isPresent() ? active.getAsLong() : "null")
                        + "; settings do not change it: create a schema version with PUT /v1/namespaces/"
                        + name.value() + "/schemas/{version}");
            }
        }
        SettingsPut put = catalog.putSettings(namespace, settings, clock.instant());
        cache.remember(put.namespace());
        return put;
    }

    /**
     * Deletes the namespace if it holds no live key.
     *
     * @throws NamespaceNotFoundException when the caller's tenant has no such namespace
     * @throws NamespaceNotEmptyException when a key in it is live; nothing is changed
     * @throws NamespacePurgingException when it is being purged (the purge removes it)
     */
    public void delete(Caller caller, Namespace name) {
        TenantNamespace namespace = caller.access(Scope.ADMIN, name);
        NamespaceInfo found = catalog.find(namespace).orElseThrow(() -> new NamespaceNotFoundException(name));
        if (found.status() == NamespaceStatus.PURGING) {
            throw new NamespacePurgingException(name);
        }
        switch (catalog.deleteIfEmpty(namespace, clock.instant())) {
            case NamespaceDeletion.Deleted deleted -> cache.forget(namespace);
            case NamespaceDeletion.NotEmpty notEmpty -> throw new NamespaceNotEmptyException(name);
            case NamespaceDeletion.Purging purging -> throw new NamespacePurgingException(name);
            case NamespaceDeletion.Absent absent -> {
                cache.forget(namespace);
                throw new NamespaceNotFoundException(name);
            }
        }
    }

    /**
     * Starts deleting the namespace with every key in it, in the background (ADR 0019): from now
     * on its keys cannot be written (on every function instance within the namespace cache's
     * lifetime) and it cannot be created again until the purge is done. Asking again while it
     * runs answers the purge under way.
     *
     * @throws NamespaceNotFoundException when the caller's tenant has no such namespace
     */
    public PurgeStatus purge(Caller caller, Namespace name) {
        TenantNamespace namespace = caller.access(Scope.ADMIN, name);
        PurgeStatus status = catalog.startPurge(namespace, clock.instant())
                .orElseThrow(() -> new NamespaceNotFoundException(name));
        // This instance refuses writes at once; the others within the cache's lifetime.
        cache.forget(namespace);
        return status;
    }

    /**
     * The namespace's purge, running or recently done.
     *
     * @throws NamespaceNotFoundException when the tenant has no such namespace and no purge of one
     * @throws PurgeNotFoundException when the namespace exists and is not being purged
     */
    public PurgeStatus purgeStatus(Caller caller, Namespace name) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        Optional<PurgeStatus> status = catalog.purgeStatus(namespace, clock.instant());
        if (status.isPresent()) {
            return status.get();
        }
        throw catalog.find(namespace).isPresent() ? new PurgeNotFoundException(name) : new NamespaceNotFoundException(name);
    }
}
