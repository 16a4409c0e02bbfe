package io.stateapi.domain.schemas;

import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every read that returns current values returns them at the namespace's active schema version
 * (ADR 0057): a key's GET, a batch get, a listing with values (and so a watch snapshot), and
 * the value a PATCH is applied to. The item is not written: its version (the ETag) and the
 * schema version it records stay as they are, and the record says both versions.
 *
 * <p>A value whose upgrade fails is served as it is stored, at the version it records: it stays
 * readable, never a 5xx, and {@code failures} hears of it. The active version comes with the
 * namespace from the namespace cache (ADR 0016), so another instance serves a new version's
 * upgrades within its lifetime, and a read costs at most one catalog read per namespace per
 * lifetime, as writes already do.
 */
public final class UpgradeOnRead {

    /** No upgrades, for tests and stores whose namespaces never have a schema: values read as stored. */
    public static final UpgradeOnRead NONE = new UpgradeOnRead(null, null, failure -> { });

    private final NamespaceSettingsCache namespaces;
    private final ValueUpgrader upgrader;
    private final Consumer<MigrationFailedException> failures;

    public UpgradeOnRead(NamespaceSettingsCache namespaces, ValueUpgrader upgrader,
                         Consumer<MigrationFailedException> failures) {
        this.namespaces = namespaces;
        this.upgrader = upgrader;
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** The record with its value at the active version, or as stored when it needs or takes no upgrade. */
    public StateRecord record(StateRecord stored) {
        Optional<NamespaceInfo> namespace = namespace(stored.namespace());
        return namespace.isEmpty() ? stored : record(namespace.get(), stored);
    }

    /** {@link #record} for each of one namespace's records, with one namespace lookup. */
    public Map<Key, StateRecord> records(TenantNamespace tenantNamespace, Map<Key, StateRecord> stored) {
        Optional<NamespaceInfo> namespace = stored.isEmpty() ? Optional.empty() : namespace(tenantNamespace);
        if (namespace.isEmpty()) {
            return stored;
        }
        Map<Key, StateRecord> read = new LinkedHashMap<>();
        stored.forEach((key, record) -> read.put(key, record(namespace.get(), record)));
        return read;
    }

    /** Listed keys with their values at the active version; a key listed without its value is left as it is. */
    public List<ListedKey> listed(TenantNamespace tenantNamespace, List<ListedKey> stored) {
        boolean values = stored.stream().anyMatch(key -> key.value().isPresent());
        Optional<NamespaceInfo> namespace = values ? namespace(tenantNamespace) : Optional.empty();
        if (namespace.isEmpty()) {
            return stored;
        }
        List<ListedKey> read = new ArrayList<>(stored.size());
        for (ListedKey key : stored) {
            if (key.value().isEmpty()) {
                read.add(key);
                continue;
            }
            try {
                ValueUpgrader.Upgraded upgraded = upgrader.upgrade(namespace.get(), key.storedSchemaVersion(),
                        key.value().get());
                read.add(upgraded.changed() || !upgraded.version().equals(key.schemaVersion())
                        ? key.readAs(upgraded.value(), upgraded.version()) : key);
            } catch (MigrationFailedException e) {
                failures.accept(e);
                read.add(key);
            }
        }
        return read;
    }

    private StateRecord record(NamespaceInfo namespace, StateRecord stored) {
        try {
            ValueUpgrader.Upgraded upgraded = upgrader.upgrade(namespace, stored.storedSchemaVersion(), stored.value());
            // A value that records no version and matches one is reported at it, unchanged.
            return upgraded.changed() || !upgraded.version().equals(stored.schemaVersion())
                    ? stored.readAs(upgraded.value(), upgraded.version()) : stored;
        } catch (MigrationFailedException e) {
            failures.accept(e);
            return stored;
        }
    }

    private Optional<NamespaceInfo> namespace(TenantNamespace namespace) {
        if (upgrader == null) {
            return Optional.empty();
        }
        // A key that outlived its namespace (ADR 0016) has no schema to be upgraded to.
        return namespaces.find(namespace).filter(info -> info.schemaVersion().isPresent());
    }
}
