package io.stateapi.domain;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;

/**
 * The fan-out's one side job on the state table: keeping the version floor of a key whose item
 * was removed outside the API (an operator's {@code DeleteItem}), by putting its tombstone back
 * (ADR 0003, 0008). A narrow port of its own, as {@link io.stateapi.domain.namespaces.NamespaceKeyCounts}
 * is for the catalog, so the fan-out never holds the state store and a test of it needs no table.
 */
public interface VersionFloors {

    /**
     * Puts back a tombstone at {@code version} for a key whose item was removed outside the API,
     * unless the key has an item again. Without it the key's version would restart at 1 and a
     * stale {@code If-Match} could succeed again. The tombstone's own change yields no event.
     *
     * @return whether the tombstone was written; {@code false} when the key has an item again
     *         (created since the removal): its floor is lost
     * @throws RuntimeException when the table cannot be written now (the record is retried)
     */
    boolean restore(TenantNamespace namespace, Key key, Version version, Instant removedAt);
}
