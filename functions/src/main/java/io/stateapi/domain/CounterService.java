package io.stateapi.domain;

import io.stateapi.domain.exceptions.CountersNotSupportedException;
import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Atomic counters (ADR 0034): adds a delta to a key whose value is an integer, in one
 * conditional write of the store, and answers with the new value and version. A key that is
 * not live starts from 0, as a write would create it: in a namespace created on first write,
 * with the namespace's default TTL, above its version floor ({@link WriteTargets}).
 */
public final class CounterService {

    private final StateStore store;
    private final WriteTargets targets;
    private final Clock clock;

    public CounterService(StateStore store, WriteTargets targets, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param delta          what to add, within +-{@link ExactInteger#MAX}; 0 creates the counter
     *                       at 0 when it is absent, and otherwise makes a new version of the same number
     * @param precondition   none, {@code If-Match: *} (the key must exist) or a version
     * @param idempotencyKey as for {@link StateService#put}
     * @throws io.stateapi.domain.exceptions.NotANumberException when the value is not an integer
     * @throws io.stateapi.domain.exceptions.CounterOverflowException when the sum leaves the exact range
     */
    public WriteResult increment(Caller caller, Namespace name, Key key, long delta, Precondition precondition,
                                 Optional<IdempotencyKey> idempotencyKey) {
        Objects.requireNonNull(precondition, "precondition");
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        if (!ExactInteger.inRange(delta)) {
            throw new InvalidRequestException("delta must be an integer from -" + ExactInteger.MAX + " to "
                    + ExactInteger.MAX);
        }
        if (precondition instanceof Precondition.IfAbsent || precondition instanceof Precondition.Contradictory) {
            throw new InvalidPreconditionException("If-None-Match cannot be used with an increment");
        }
        NamespaceInfo target = targets.forWrite(namespace, key, precondition);
        if (target.schemaVersion().isPresent()) {
            // The store adds in one write without reading the sum, so no schema could check it:
            // refused rather than let a value past the schema (ADR 0052).
            throw new CountersNotSupportedException(name, target.schemaVersion().getAsLong());
        }
        NamespaceSettings settings = target.settings();
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotent(k, RequestFingerprint.ofIncrement(key, delta, precondition)))
                .orElseGet(WriteIdentity::fresh);
        return store.increment(namespace, key, delta, settings.ttlFor(null), precondition, identity,
                targets.versionFloor(namespace, precondition), clock.instant());
    }
}
