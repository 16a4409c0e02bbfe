package io.stateapi.domain.namespaces;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The namespaces this function instance has lately found in the catalog, with their settings,
 * so that key operations need no catalog read on every request (ADR 0016).
 *
 * <p>What it allows: another instance's settings change reaches this one within
 * {@link #DEFAULT_LIFETIME}, and so does another instance's delete (until then this instance
 * still writes into the deleted namespace). Only namespaces that exist are kept: one that
 * another instance has just created is found at once, never reported missing from memory.
 * Changes made through this instance apply here at once ({@link #remember}, {@link #forget}).
 * Bounded: the least recently used entry goes when {@link #DEFAULT_CAPACITY} is reached.
 *
 * <p>It also keeps each namespace's version floor ({@link #versionFloor}) for as long: the
 * housekeeping waits longer than that after raising a floor before it deletes the tombstones
 * the floor stands for (ADR 0019).
 */
public final class NamespaceSettingsCache {

    /** How long a namespace is trusted without reading the catalog again. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(10);
    /** Namespaces kept at most; an entry is a few hundred bytes. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final NamespaceCatalog catalog;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<TenantNamespace, Remembered> entries;
    private final Map<TenantNamespace, Floor> floors;

    public NamespaceSettingsCache(NamespaceCatalog catalog, Clock clock) {
        this(catalog, clock, DEFAULT_LIFETIME, DEFAULT_CAPACITY);
    }

    public NamespaceSettingsCache(NamespaceCatalog catalog, Clock clock, Duration lifetime, int capacity) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TenantNamespace, Remembered> eldest) {
                return size() > capacity;
            }
        };
        this.floors = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TenantNamespace, Floor> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The namespace's version floor, from memory when read within the lifetime, otherwise from
     * the catalog. A write that may create a key needs it (ADR 0019).
     */
    public long versionFloor(TenantNamespace namespace) {
        Instant now = clock.instant();
        synchronized (floors) {
            Floor floor = floors.get(namespace);
            if (floor != null && now.isBefore(floor.expiresAt())) {
                return floor.value();
            }
        }
        long value = catalog.versionFloor(namespace);
        synchronized (floors) {
            floors.put(namespace, new Floor(value, now.plus(lifetime)));
        }
        return value;
    }

    /** The namespace, from memory when it was seen within the lifetime, otherwise from the catalog. */
    public Optional<NamespaceInfo> find(TenantNamespace namespace) {
        Instant now = clock.instant();
        synchronized (entries) {
            Remembered entry = entries.get(namespace);
            if (entry != null && now.isBefore(entry.expiresAt())) {
                return Optional.of(entry.namespace());
            }
        }
        Optional<NamespaceInfo> found = catalog.find(namespace);
        found.ifPresentOrElse(info -> keep(info, now), () -> forget(namespace));
        return found;
    }

    /** The namespace, created with the default settings when the tenant has none of this name. */
    public NamespaceInfo findOrCreate(TenantNamespace namespace) {
        Optional<NamespaceInfo> found = find(namespace);
        if (found.isPresent()) {
            return found.get();
        }
        NamespaceInfo created = catalog.createIfAbsent(namespace, clock.instant());
        remember(created);
        return created;
    }

    /** The namespace as this instance has just put it. */
    public void remember(NamespaceInfo namespace) {
        keep(namespace, clock.instant());
    }

    /** The namespace is gone, as this instance has just seen. */
    public void forget(TenantNamespace namespace) {
        synchronized (entries) {
            entries.remove(namespace);
        }
    }

    private void keep(NamespaceInfo namespace, Instant now) {
        synchronized (entries) {
            entries.put(namespace.namespace(), new Remembered(namespace, now.plus(lifetime)));
        }
    }

    private record Remembered(NamespaceInfo namespace, Instant expiresAt) {
    }

    private record Floor(long value, Instant expiresAt) {
    }
}
