package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.schemas.UpgradeOnRead;
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
 * {@link WriteTargets} holds these rules for every operation that changes keys.
 *
 * <p>Schemas (ADR 0057): a read returns the value at the namespace's active schema version,
 * upgraded on the fly when it was stored at an older one ({@link UpgradeOnRead}).
 *
 * <p>Conflicts (ADR 0051): a failed precondition shows the key's current state only to a caller
 * that may read the namespace ({@link VersionConflictException#shownTo}).
 */
public final class StateService {

    private final StateStore store;
    private final WriteTargets targets;
    private final UpgradeOnRead reads;
    private final Clock clock;

    public StateService(StateStore store, NamespaceSettingsCache namespaces, Clock clock) {
        this(store, new WriteTargets(store, namespaces, clock), clock);
    }

    public StateService(StateStore store, WriteTargets targets, Clock clock) {
        this(store, targets, UpgradeOnRead.NONE, clock);
    }

    public StateService(StateStore store, WriteTargets targets, UpgradeOnRead reads, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return the key's state with its value at the namespace's active schema version when it
     *         can be upgraded there, otherwise as stored (ADR 0057)
     * @throws KeyNotFoundException when the key has no live value
     * @throws NamespaceNotFoundException when the caller's tenant has no such namespace
     */
    public StateRecord get(Caller caller, Namespace name, Key key, ReadConsistency consistency) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        return reads.record(store.get(namespace, key, consistency, clock.instant())
                .orElseThrow(() -> targets.absent(namespace, key)));
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
            throw VersionConflictException.withState("If-Match and If-None-Match: * cannot both hold",
                    store.get(namespace, key, ReadConsistency.STRONG, clock.instant())).shownTo(caller);
        }
        NamespaceInfo target = targets.forWrite(namespace, key, precondition);
        java.util.OptionalLong schemaVersion = targets.admit(target, value);
        NamespaceSettings settings = target.settings();
        // The fingerprint is the request's: a repeat after a settings change is still the same request.
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofPut(key, value, ttl, precondition)))
                .orElseGet(WriteIdentity::fresh);
        try {
            return store.put(namespace, key, value, schemaVersion, settings.ttlFor(ttl), precondition, identity,
                    targets.versionFloor(namespace, precondition), clock.instant());
        } catch (VersionConflictException e) {
            throw e.shownTo(caller);
        }
    }

    /**
     * @param idempotencyKey as for {@link #put}
     * @throws KeyNotFoundException when the key has no live value
     * @throws NamespaceNotFoundException when the caller's tenant has no such namespace
     * @throws io.stateapi.domain.exceptions.NamespacePurgingException when the namespace is being purged
     */
    public DeleteResult delete(Caller caller, Namespace name, Key key, Precondition precondition,
                               Optional<IdempotencyKey> idempotencyKey) {
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        if (precondition instanceof Precondition.IfAbsent || precondition instanceof Precondition.Contradictory) {
            throw new InvalidPreconditionException("If-None-Match cannot be used with DELETE");
        }
        targets.forChange(namespace);
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofDelete(key, precondition)))
                .orElseGet(WriteIdentity::fresh);
        try {
            return store.delete(namespace, key, precondition, identity, clock.instant());
        } catch (KeyNotFoundException e) {
            throw targets.absent(namespace, key);
        } catch (VersionConflictException e) {
            throw e.shownTo(caller);
        }
    }
}
