package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.QuotaExceededException;

/**
 * The port that charges a tenant's request quota (ADR 0017). The HTTP layer charges it once for
 * every request whose caller has a tenant, after the caller is established and before any data
 * is touched.
 */
public interface RequestQuota {

    /**
     * Counts one request of {@code tenant}.
     *
     * @throws QuotaExceededException when the tenant has used its quota for the current window;
     *                                nothing was counted then
     */
    void admit(TenantId tenant);
}
