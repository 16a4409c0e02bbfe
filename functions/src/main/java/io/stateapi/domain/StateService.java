package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The State API's operations, independent of how they are called or where state is kept. Each
 * asks the caller for access to the namespace first: the tenant comes from the caller, and no
 * data is touched for a caller without the scope or the namespace grant.
 *
 * <p>Namespaces (ADR 0016): a write applies its namespace's settings (default TTL, largest
 * value), and the first write into a namespace the tenant does not have creates it with the
 * default settings. A read or delete that finds no key tells a missing key from a missing
 * namespace only then, so reading a key that is there costs no catalog lookup.
 *
 * <p>Purges (ADR 0019): a key write or delete into a namespace being purged is refused (409
 * {@code namespace-purging}), as this instance's namespace cache knows it; reads go on and see
 * the keys go. A write that may create a key starts it above the namespace's version floor.
 */
public final class StateService {

    private final StateStore store;
    private final NamespaceSettingsCache namespaces;
    private final Clock clock;

    public StateService(StateStore store, NamespaceSettingsCache namespaces, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws KeyNotFoundException when the key has no live value
     * @throws NamespaceNotFoundException when the caller's tenant has no such namespace
     */
    public StateRecord get(Caller caller, Namespace name, Key key, ReadConsistency consistency) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        return store.get(namespace, key, consistency, clock.instant())
                .orElseThrow(() -> absent(namespace, key));
    }

    /**
     * @param ttl            how long the value lives, or {@code null} for no expiry
     * @param idempotencyKey the client's name for this write, if it gave one: a repeat of the same
     *                       request under it replays the first outcome instead of writing again
     * @throws io.stateapi.domain.exceptions.PayloadTooLargeException when the value is larger than the namespace takes
     */
    public WriteResult put(Caller caller, Namespace name, Key key, JsonDocument value, TimeToLive ttl,
                           Precondition precondition, Optional<IdempotencyKey> idempotencyKey) {
        Objects.requireNonNull(precondition, "precondition");
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        if (precondition instanceof Precondition.Contradictory) {
            // Nothing can be written; report where the key stands, as any failed precondition does.
            throw new VersionConflictException("If-Match and If-None-Match: * cannot both hold",
                    store.get(namespace, key, ReadConsistency.STRONG, clock.instant()).map(StateRecord::version).orElse(null));
        }
        NamespaceInfo target = namespaceForWrite(namespace, key, precondition);
        requireNotPurging(target);
        NamespaceSettings settings = target.settings();
        settings.checkSize(value);
        // The fingerprint is the request's: a repeat after a settings change is still the same request.
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofPut(key, value, ttl, precondition)))
                .orElseGet(WriteIdentity::fresh);
        return store.put(namespace, key, value, settings.ttlFor(ttl), precondition, identity,
                versionFloor(namespace, precondition), clock.instant());
    }

    /** Only a write that may create the key needs the floor: an overwrite continues the key's own version. */
    private long versionFloor(TenantNamespace namespace, Precondition precondition) {
        return switch (precondition) {
            case Precondition.None ignored -> namespaces.versionFloor(namespace);
            case Precondition.IfAbsent ignored -> namespaces.versionFloor(namespace);
            case Precondition.IfPresent ignored -> 0;
            case Precondition.IfVersion ignored -> 0;
            case Precondition.Contradictory ignored -> 0;
        };
    }

    private static void requireNotPurging(NamespaceInfo namespace) {
        if (namespace.status() == NamespaceStatus.PURGING) {
            throw new NamespacePurgingException(namespace.namespace().namespace());
        }
    }

    /**
     * The namespace a write into {@code namespace} applies the settings of. A write that can
     * create the key creates the namespace too; one that needs the key to exist creates nothing
     * and fails as on any absent key.
     */
    private NamespaceInfo namespaceForWrite(TenantNamespace namespace, Key key, Precondition precondition) {
        return switch (precondition) {
            case Precondition.None ignored -> namespaces.findOrCreate(namespace);
            case Precondition.IfAbsent ignored -> namespaces.findOrCreate(namespace);
            case Precondition.IfPresent ignored -> existingNamespace(namespace, key);
            case Precondition.IfVersion ignored -> existingNamespace(namespace, key);
            case Precondition.Contradictory ignored ->
                    throw new IllegalStateException("a contradictory precondition is answered before settings are read");
        };
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

    /**
     * @param idempotencyKey as for {@link #put}
     * @throws KeyNotFoundException when the key has no live value
     * @throws NamespaceNotFoundException when the caller's tenant has no such namespace
     * @throws NamespacePurgingException when the namespace is being purged
     */
    public DeleteResult delete(Caller caller, Namespace name, Key key, Precondition precondition,
                               Optional<IdempotencyKey> idempotencyKey) {
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        if (precondition instanceof Precondition.IfAbsent || precondition instanceof Precondition.Contradictory) {
            throw new InvalidPreconditionException("If-None-Match cannot be used with DELETE");
        }
        namespaces.find(namespace).ifPresent(StateService::requireNotPurging);
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofDelete(key, precondition)))
                .orElseGet(WriteIdentity::fresh);
        try {
            return store.delete(namespace, key, precondition, identity, clock.instant());
        } catch (KeyNotFoundException e) {
            throw absent(namespace, key);
        }
    }

    /** Why a key has no live value: it is absent, or its whole namespace is. */
    private StateApiException absent(TenantNamespace namespace, Key key) {
        return namespaces.find(namespace).isPresent()
                ? new KeyNotFoundException(namespace, key)
                : new NamespaceNotFoundException(namespace.namespace());
    }
}
