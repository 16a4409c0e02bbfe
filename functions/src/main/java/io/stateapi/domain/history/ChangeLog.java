package io.stateapi.domain.history;

import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;

/**
 * The write side of the change log (ADR 0036): what the fan-out records for each change it
 * processes. A narrow port of its own, so the fan-out reaches no further into the adapter.
 */
public interface ChangeLog {

    /**
     * Records one change unless the log holds it already, so a retried stream record writes
     * nothing twice.
     *
     * @param changeId  the change's identity (its change event's id)
     * @param feedAt    the writer's clock just before this call: the change's place in its
     *                  namespace's feed (ADR 0037); a change already recorded keeps its first one
     * @param expiresAt when the log may forget it (commit time plus the namespace's retention)
     * @return whether this call wrote it
     * @throws RuntimeException when the log cannot be written now (the record is retried)
     */
    boolean append(TenantNamespace namespace, Key key, HistoryEntry entry, String changeId, Instant feedAt,
                   Instant expiresAt);
}
