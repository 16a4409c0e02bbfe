package io.stateapi.domain.namespaces;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/** A {@link NamespaceCatalog} in memory, for the domain's unit tests; it counts its reads. */
public final class InMemoryNamespaceCatalog implements NamespaceCatalog {

    private final Map<TenantId, TreeMap<String, NamespaceInfo>> tenants = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    private final BiPredicate<TenantNamespace, Instant> holdsLiveKeys;
    private final AtomicInteger finds = new AtomicInteger();
    private final Map<TenantNamespace, PurgeStatus> purges = new HashMap<>();
    private final Map<TenantNamespace, Long> floors = new HashMap<>();

    /** @param holdsLiveKeys whether a namespace holds a live key at an instant (what delete asks the state) */
    public InMemoryNamespaceCatalog(BiPredicate<TenantNamespace, Instant> holdsLiveKeys) {
        this.holdsLiveKeys = holdsLiveKeys;
    }

    /** How many times {@link #find} read the catalog. */
    public int finds() {
        return finds.get();
    }

    @Override
    public synchronized Optional<NamespaceInfo> find(TenantNamespace namespace) {
        finds.incrementAndGet();
        return Optional.ofNullable(of(namespace.tenant()).get(namespace.name()));
    }

    @Override
    public synchronized NamespaceInfo createIfAbsent(TenantNamespace namespace, Instant now) {
        return of(namespace.tenant()).computeIfAbsent(namespace.name(),
                name -> NamespaceInfo.created(namespace, NamespaceSettings.DEFAULTS, now));
    }

    @Override
    public synchronized SettingsPut putSettings(TenantNamespace namespace, NamespaceSettings settings, Instant now) {
        NamespaceInfo before = of(namespace.tenant()).get(namespace.name());
        if (before != null && before.status() == NamespaceStatus.PURGING) {
            throw new NamespacePurgingException(namespace.namespace());
        }
        if (before == null) {
            NamespaceInfo created = NamespaceInfo.created(namespace, settings, now);
            of(namespace.tenant()).put(namespace.name(), created);
            return new SettingsPut.Created(created);
        }
        NamespaceInfo changed = new NamespaceInfo(namespace, settings, before.approximateKeyCount(), before.createdAt(),
                now, before.status(), before.schemaVersion());
        of(namespace.tenant()).put(namespace.name(), changed);
        return new SettingsPut.Changed(changed);
    }

    @Override
    public synchronized CatalogPage list(TenantId tenant, Optional<Namespace> after, int limit) {
        TreeMap<String, NamespaceInfo> all = of(tenant);
        List<NamespaceInfo> page = new ArrayList<>(
                (after.isPresent() ? all.tailMap(after.get().value(), false) : all).values());
        boolean more = page.size() > limit;
        return new CatalogPage(more ? page.subList(0, limit) : page, more);
    }

    @Override
    public synchronized NamespaceDeletion deleteIfEmpty(TenantNamespace namespace, Instant now) {
        if (!of(namespace.tenant()).containsKey(namespace.name())) {
            return NamespaceDeletion.ABSENT;
        }
        if (of(namespace.tenant()).get(namespace.name()).status() == NamespaceStatus.PURGING) {
            return NamespaceDeletion.PURGING;
        }
        if (holdsLiveKeys.test(namespace, now)) {
            return NamespaceDeletion.NOT_EMPTY;
        }
        of(namespace.tenant()).remove(namespace.name());
        return NamespaceDeletion.DELETED;
    }

    @Override
    public synchronized Optional<PurgeStatus> startPurge(TenantNamespace namespace, Instant now) {
        NamespaceInfo info = of(namespace.tenant()).get(namespace.name());
        if (info == null) {
            return Optional.empty();
        }
        if (info.status() == NamespaceStatus.PURGING) {
            return Optional.of(purges.get(namespace));
        }
        of(namespace.tenant()).put(namespace.name(), new NamespaceInfo(namespace, info.settings(),
                info.approximateKeyCount(), info.createdAt(), info.updatedAt(), NamespaceStatus.PURGING));
        PurgeStatus started = PurgeStatus.started(now);
        purges.put(namespace, started);
        return Optional.of(started);
    }

    @Override
    public synchronized Optional<PurgeStatus> purgeStatus(TenantNamespace namespace, Instant now) {
        return Optional.ofNullable(purges.get(namespace));
    }

    @Override
    public synchronized long versionFloor(TenantNamespace namespace) {
        return floors.getOrDefault(namespace, 0L);
    }

    /** What the housekeeping does when a purge of {@code namespace} finishes, keeping {@code floor}. */
    public synchronized void finishPurge(TenantNamespace namespace, long deletedKeys, long floor, Instant now) {
        of(namespace.tenant()).remove(namespace.name());
        floors.merge(namespace, floor, Math::max);
        PurgeStatus running = purges.get(namespace);
        purges.put(namespace, new PurgeStatus(PurgeStatus.State.DONE, deletedKeys, running.startedAt(), Optional.of(now)));
    }

    /** What the tombstone purge does before it forgets tombstones of {@code namespace}. */
    public synchronized void raiseVersionFloor(TenantNamespace namespace, long floor) {
        floors.merge(namespace, floor, Math::max);
    }

    private TreeMap<String, NamespaceInfo> of(TenantId tenant) {
        return tenants.computeIfAbsent(tenant, t -> new TreeMap<>());
    }
}
