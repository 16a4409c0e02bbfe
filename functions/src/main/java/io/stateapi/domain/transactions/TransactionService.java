package io.stateapi.domain.transactions;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.exceptions.SchemaViolationException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Multi-key transactions (ADR 0028): up to 100 puts, deletes and condition checks over keys of
 * the caller's namespaces, committed all together or not at all.
 *
 * <p>Every operation's namespace is checked with the caller first (write scope for a put or a
 * delete, read scope for a check), before anything is read; then each put applies its
 * namespace's settings as a single PUT does ({@link WriteTargets}: size limit, default TTL,
 * creation of the namespace on first write, no writes into a namespace being purged, the version
 * floor of keys it creates).
 */
public final class TransactionService {

    private final StateStore store;
    private final WriteTargets targets;
    private final Clock clock;

    public TransactionService(StateStore store, WriteTargets targets, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param idempotencyKey the client's name for this transaction, if it gave one: a repeat of the
     *                       same transaction under it gets the first outcome (commit or conflict) again
     * @throws io.stateapi.domain.exceptions.TransactionConflictException when an operation's condition fails
     * @throws io.stateapi.domain.exceptions.ForbiddenException when the caller may not use a namespace as asked
     * @throws io.stateapi.domain.exceptions.PayloadTooLargeException when a value is larger than its namespace takes
     * @throws io.stateapi.domain.exceptions.NamespacePurgingException when a written namespace is being purged
     */
    public TransactionResult commit(Caller caller, Transaction transaction, Optional<IdempotencyKey> idempotencyKey) {
        List<TenantNamespace> namespaces = new ArrayList<>(transaction.size());
        for (TransactionOperation operation : transaction.operations()) {
            Scope scope = operation.writes() ? Scope.WRITE : Scope.READ;
            namespaces.add(caller.access(scope, operation.namespace()));
        }
        if (idempotencyKey.isPresent()) {
            transaction.requireRoomForOutcome();
        }
        List<PreparedOperation> prepared = new ArrayList<>(transaction.size());
        for (int i = 0; i < transaction.size(); i++) {
            prepared.add(prepare(transaction.operations().get(i), namespaces.get(i), i));
        }
        WriteIdentity identity = idempotencyKey
                .map(key -> WriteIdentity.idempotent(key, transaction.fingerprint()))
                .orElseGet(WriteIdentity::fresh);
        return store.transact(caller.requireTenant(), prepared, identity, clock.instant());
    }

    private PreparedOperation prepare(TransactionOperation operation, TenantNamespace namespace, int index) {
        return switch (operation) {
            case TransactionOperation.Put put -> {
                Optional<NamespaceInfo> target = targetFor(put, namespace);
                NamespaceSettings settings = target.map(NamespaceInfo::settings).orElse(NamespaceSettings.DEFAULTS);
                java.util.OptionalLong schemaVersion = java.util.OptionalLong.empty();
                if (target.isPresent()) {
                    schemaVersion = admit(target.get(), put, index);
                } else {
                    settings.checkSize(put.value());
                }
                TimeToLive ttl = settings.ttlFor(put.ttl());
                yield new PreparedOperation(put, namespace, ttl, targets.versionFloor(namespace, put.precondition()),
                        schemaVersion);
            }
            case TransactionOperation.Delete delete -> {
                targets.forChange(namespace);
                yield new PreparedOperation(delete, namespace, null, 0);
            }
            case TransactionOperation.Check check -> new PreparedOperation(check, namespace, null, 0);
        };
    }

    /**
     * A put that needs its key to exist, into a namespace that does not: its condition fails in
     * the store like any other, so the conflict lists every operation at one point in time. Until
     * then it creates no namespace and checks the value against the defaults (empty here).
     */
    private Optional<NamespaceInfo> targetFor(TransactionOperation.Put put, TenantNamespace namespace) {
        try {
            return Optional.of(targets.forWrite(namespace, put.key(), put.precondition()));
        } catch (VersionConflictException noSuchNamespace) {
            return Optional.empty();
        }
    }

    /** One value its schema rejects refuses the whole transaction, naming the operation. */
    private java.util.OptionalLong admit(NamespaceInfo target, TransactionOperation.Put put, int index) {
        try {
            return targets.admit(target, put.value());
        } catch (SchemaViolationException e) {
            throw e.inOperation(index, put.key());
        }
    }
}
