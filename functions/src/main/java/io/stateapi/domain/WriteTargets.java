package io.stateapi.domain;

import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The namespace rules every operation that changes a key follows, whatever its shape (a put,
 * a delete, a patch, a counter, a transaction): which namespace's settings a write applies, when
 * a write creates its namespace, that a namespace being purged takes no writes, the version a
 * new key starts above, what a written value must be (no larger than the namespace takes, and
 * matching its active schema), and how a missing key is told from a missing namespace (ADR 0016,
 * 0019, 0052).
 */
public final class WriteTargets {

    private final StateStore store;
    private final NamespaceSettingsCache namespaces;
    private final Clock clock;
    private final ValueSchemas schemas;

    /** Targets that check no schema: for stores and tests that have none. */
    public WriteTargets(StateStore store, NamespaceSettingsCache namespaces, Clock clock) {
        this(store, namespaces, clock, ValueSchemas.NONE);
    }

    public WriteTargets(StateStore store, NamespaceSettingsCache namespaces, Clock clock, ValueSchemas schemas) {
        this.store = Objects.requireNonNull(store, "store");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    /**
     * Checks that {@code value} may be written into {@code target}: it is no larger than the
     * namespace takes, and matches the namespace's active schema if it has one. Every path that
     * writes a value the caller chose or computed calls this before it writes.
     *
     * @throws io.stateapi.domain.exceptions.PayloadTooLargeException when the value is too large
     * @return the schema version the value was checked against (empty: the namespace has none),
     *         which the write records on the value (ADR 0056)
     * @throws io.stateapi.domain.exceptions.SchemaViolationException when the active schema rejects it
     */
    public java.util.OptionalLong admit(NamespaceInfo target, JsonDocument value) {
        target.settings().checkSize(value);
        schemas.check(target, value);
        return target.schemaVersion();
    }

    /**
     * The namespace a write into {@code namespace} applies the settings of. A write that can
     * create the key creates the namespace too; one that needs the key to exist creates nothing
     * and fails as on any absent key.
     *
     * @throws NamespacePurgingException when the namespace is being purged
     */
    public NamespaceInfo forWrite(TenantNamespace namespace, Key key, Precondition precondition) {
        NamespaceInfo target = switch (precondition) {
            case Precondition.None ignored -> namespaces.findOrCreate(namespace);
            case Precondition.IfAbsent ignored -> namespaces.findOrCreate(namespace);
            case Precondition.IfPresent ignored -> existingNamespace(namespace, key);
            case Precondition.IfVersion ignored -> existingNamespace(namespace, key);
            case Precondition.Contradictory ignored ->
                    throw new IllegalStateException("a contradictory precondition is answered before settings are read");
        };
        requireNotPurging(target);
        return target;
    }

    /**
     * Checks that a change to an existing key (a delete) may go ahead: refused while its
     * namespace is being purged, as this instance's namespace cache knows it.
     *
     * @throws NamespacePurgingException when the namespace is being purged
     */
    public void forChange(TenantNamespace namespace) {
        namespaces.find(namespace).ifPresent(WriteTargets::requireNotPurging);
    }

    /**
     * The version floor a write with {@code precondition} passes to the store. Only a write
     * that may create the key needs it: an overwrite continues the key's own version.
     */
    public long versionFloor(TenantNamespace namespace, Precondition precondition) {
        return switch (precondition) {
            case Precondition.None ignored -> namespaces.versionFloor(namespace);
            case Precondition.IfAbsent ignored -> namespaces.versionFloor(namespace);
            case Precondition.IfPresent ignored -> 0;
            case Precondition.IfVersion ignored -> 0;
            case Precondition.Contradictory ignored -> 0;
        };
    }

    /**
     * Why a key has no live value: it is absent ({@link KeyNotFoundException}), or its whole
     * namespace is ({@link NamespaceNotFoundException}). Only asked once a key was not found, so
     * reading a key that is there costs no catalog lookup.
     */
    public StateApiException absent(TenantNamespace namespace, Key key) {
        return namespaces.find(namespace).isPresent()
                ? new KeyNotFoundException(namespace, key)
                : new NamespaceNotFoundException(namespace.namespace());
    }

    /** The namespace as this instance knows it, without creating it. */
    public Optional<NamespaceInfo> find(TenantNamespace namespace) {
        return namespaces.find(namespace);
    }

    private static void requireNotPurging(NamespaceInfo namespace) {
        if (namespace.status() == NamespaceStatus.PURGING) {
            throw new NamespacePurgingException(namespace.namespace().namespace());
        }
    }

    private NamespaceInfo existingNamespace(TenantNamespace namespace, Key key) {
        Optional<NamespaceInfo> found = namespaces.find(namespace);
        if (found.isPresent()) {
            return found.get();
        }
        if (store.get(namespace, key, ReadConsistency.STRONG, clock.instant()).isEmpty()) {
            throw new VersionConflictException("namespace '" + namespace.name() + "' does not exist, so key '"
                    + key.value() + "' does not either", null);
        }
        // The key outlived its namespace: it was written while another instance still had the
        // deleted namespace in memory (ADR 0016). The namespace comes back with the default settings.
        return namespaces.findOrCreate(namespace);
    }
}
