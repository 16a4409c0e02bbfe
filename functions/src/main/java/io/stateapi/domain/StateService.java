package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.VersionConflictException;
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
 */
public final class StateService {

    private final StateStore store;
    private final Clock clock;

    public StateService(StateStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @throws KeyNotFoundException when the key has no live value */
    public StateRecord get(Caller caller, Namespace name, Key key, ReadConsistency consistency) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        return store.get(namespace, key, consistency, clock.instant())
                .orElseThrow(() -> new KeyNotFoundException(namespace, key));
    }

    /**
     * @param ttl            how long the value lives, or {@code null} for no expiry
     * @param idempotencyKey the client's name for this write, if it gave one: a repeat of the same
     *                       request under it replays the first outcome instead of writing again
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
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofPut(key, value, ttl, precondition)))
                .orElseGet(WriteIdentity::fresh);
        return store.put(namespace, key, value, ttl, precondition, identity, clock.instant());
    }

    /** @param idempotencyKey as for {@link #put} */
    public DeleteResult delete(Caller caller, Namespace name, Key key, Precondition precondition,
                               Optional<IdempotencyKey> idempotencyKey) {
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        if (precondition instanceof Precondition.IfAbsent || precondition instanceof Precondition.Contradictory) {
            throw new InvalidPreconditionException("If-None-Match cannot be used with DELETE");
        }
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofDelete(key, precondition)))
                .orElseGet(WriteIdentity::fresh);
        return store.delete(namespace, key, precondition, identity, clock.instant());
    }
}
