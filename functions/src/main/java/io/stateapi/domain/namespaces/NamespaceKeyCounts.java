package io.stateapi.domain.namespaces;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.tenancy.TenantNamespace;

/**
 * The fan-out's one write to the catalog: moving a namespace's approximate key count by what a
 * batch of changes did to it (ADR 0025). A port of its own, so the side job holds nothing that
 * could create, change or delete a namespace ({@link NamespaceCatalog} is the api function's).
 */
public interface NamespaceKeyCounts {

    /**
     * Adds {@code delta} (negative to subtract) to the namespace's approximate key count, in one
     * write. Not idempotent: the same call made twice moves the count twice.
     *
     * @return {@code false}, writing nothing, when the catalog has no such namespace (deleted,
     *         purged, or never created): a count must never bring a namespace into being
     * @throws StoreUnavailableException when the catalog did not answer in time or throttled
     */
    boolean add(TenantNamespace namespace, long delta);
}
