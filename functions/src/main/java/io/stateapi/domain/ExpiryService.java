package io.stateapi.domain;

import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * TTL changes without rewriting the value (ADR 0034): extends, shortens or clears the expiry of
 * a live key in one conditional write, which makes a new version and a change event like any
 * other change. The namespace's default TTL plays no part: it applies when a write creates a
 * key, and a cleared expiry stays cleared.
 */
public final class ExpiryService {

    private final StateStore store;
    private final WriteTargets targets;
    private final Clock clock;

    public ExpiryService(StateStore store, WriteTargets targets, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param ttl            the new time to live, counted from now, or {@code null} to clear the expiry
     * @param precondition   none, {@code If-Match: *} or a version
     * @param idempotencyKey as for {@link StateService#put}
     * @throws KeyNotFoundException when the key has no live value
     * @throws io.stateapi.domain.exceptions.NamespaceNotFoundException when the namespace does not exist
     */
    public WriteResult changeExpiry(Caller caller, Namespace name, Key key, TimeToLive ttl, Precondition precondition,
                                    Optional<IdempotencyKey> idempotencyKey) {
        Objects.requireNonNull(precondition, "precondition");
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        if (precondition instanceof Precondition.IfAbsent || precondition instanceof Precondition.Contradictory) {
            throw new InvalidPreconditionException("If-None-Match cannot be used with an expiry change");
        }
        targets.forChange(namespace);
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofExpiry(key, ttl, precondition)))
                .orElseGet(WriteIdentity::fresh);
        try {
            return store.changeExpiry(namespace, key, ttl, precondition, identity, clock.instant());
        } catch (KeyNotFoundException e) {
            throw targets.absent(namespace, key);
        }
    }
}
