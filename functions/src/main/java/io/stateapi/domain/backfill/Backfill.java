package io.stateapi.domain.backfill;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A running backfill as a housekeeping run reads it (ADR 0058): one per life of a namespace and
 * schema version.
 *
 * @param namespaceCreatedAt the life of the namespace it belongs to: one deleted and created again is another
 * @param run                a random id per start: the backfill's writes are recognised by it after a crash
 * @param notBefore          no item is read before: the schema version's creation plus the settle time, after
 *                           which no api function instance still writes at an older version (ADR 0052)
 * @param plan               its key ranges, once a run has split the namespace
 * @param kind               what it brings the items to: {@code version} is a schema version, or an item
 *                           format (ADR 0062)
 */
public record Backfill(TenantNamespace namespace, Instant namespaceCreatedAt, long version, BackfillRequest request,
                       String run, Instant startedAt, Instant notBefore, Optional<Plan> plan, Kind kind) {

    /** A schema backfill (ADR 0058), as every backfill was before format backfills. */
    public Backfill(TenantNamespace namespace, Instant namespaceCreatedAt, long version, BackfillRequest request,
                    String run, Instant startedAt, Instant notBefore, Optional<Plan> plan) {
        this(namespace, namespaceCreatedAt, version, request, run, startedAt, notBefore, plan, Kind.SCHEMA);
    }

    /** What a backfill's {@code version} is the version of. */
    public enum Kind {
        /** The namespace's schema version: values are upgraded to it (ADR 0058). */
        SCHEMA,
        /** The service's item format ({@code itemFormat}): items are rewritten into it in place (ADR 0062). */
        FORMAT
    }

    public Backfill {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(namespaceCreatedAt, "namespaceCreatedAt");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(plan, "plan");
    }

    /**
     * How the namespace was split.
     *
     * @param id           names the plan's segments: a plan another run made at the same time is never mixed in
     * @param plannedAt    when the work on items began (the rate is measured from it)
     * @param plannedItems live items the split counted: what the ETA is measured against
     */
    public record Plan(String id, Instant plannedAt, long plannedItems) {
    }
}
