package io.stateapi.domain.backfill;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.BackfillConflictException;
import io.stateapi.domain.exceptions.BackfillNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.SchemaNotFoundException;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.schemas.SchemaCatalog;
import io.stateapi.domain.schemas.ValueSchema;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A namespace's backfill of a schema version as a resource (ADR 0058): started and cancelled with
 * {@code state:admin}, like the schema versions themselves; followed with {@code state:read}. The
 * housekeeping runs carry it out ({@link SchemaBackfiller}).
 */
public final class SchemaBackfillService {

    private final BackfillLedger ledger;
    private final NamespaceCatalog namespaces;
    private final SchemaCatalog schemas;
    private final Duration settle;
    private final Clock clock;

    /**
     * @param settle how long after a schema version is created every instance writes at it (ADR 0052's
     *               cache lifetime, a request's longest run and clock differences): no item is read before
     */
    public SchemaBackfillService(BackfillLedger ledger, NamespaceCatalog namespaces, SchemaCatalog schemas,
                                 Duration settle, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts the backfill of {@code version}, the namespace's active schema version, or answers
     * the one running with the same {@code dryRun}.
     *
     * @throws SchemaNotFoundException when the namespace has no such version
     * @throws BackfillConflictException when it is not the active version, or one with another {@code dryRun} runs
     * @throws NamespacePurgingException when the namespace is being purged
     */
    public BackfillLedger.Started start(Caller caller, Namespace name, long version, BackfillRequest request) {
        TenantNamespace namespace = caller.access(Scope.ADMIN, name);
        NamespaceInfo info = existing(namespace);
        if (info.status() == NamespaceStatus.PURGING) {
            throw new NamespacePurgingException(name);
        }
        ValueSchema schema = schemas.find(info, version).orElseThrow(() -> new SchemaNotFoundException(name, version));
        long active = info.schemaVersion().orElse(0);
        if (active != version) {
            throw new BackfillConflictException("schema version " + version + " is not the active one (" + active
                    + "): a backfill upgrades items to the active version", active);
        }
        BackfillLedger.Started started = ledger.start(info, version, request,
                schema.createdAt().plus(settle), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!started.started() && started.status().request().dryRun() != request.dryRun()) {
            throw new BackfillConflictException("a " + (request.dryRun() ? "" : "dry-run ") + "backfill of schema version "
                    + version + " is running; cancel it or wait for its end", active);
        }
        return started;
    }

    /**
     * @throws BackfillNotFoundException when the namespace has none of this version
     * @throws NamespaceNotFoundException when the tenant has no such namespace
     */
    public BackfillStatus status(Caller caller, Namespace name, long version) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        return ledger.status(existing(namespace), version, clock.instant())
                .orElseThrow(() -> new BackfillNotFoundException(name, version));
    }

    /**
     * Cancels it: the housekeeping stops at its next run; what it upgraded stays upgraded.
     *
     * @throws BackfillNotFoundException when the namespace has none of this version
     */
    public BackfillStatus cancel(Caller caller, Namespace name, long version) {
        TenantNamespace namespace = caller.access(Scope.ADMIN, name);
        return ledger.cancel(existing(namespace), version, "cancelled by an admin",
                        clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .orElseThrow(() -> new BackfillNotFoundException(name, version));
    }

    private NamespaceInfo existing(TenantNamespace namespace) {
        Optional<NamespaceInfo> found = namespaces.find(namespace);
        return found.orElseThrow(() -> new NamespaceNotFoundException(namespace.namespace()));
    }
}
