package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import java.util.OptionalInt;

/**
 * The port to where every instance of the api function counts each tenant's requests per window,
 * and where operators set a tenant's own limit (ADR 0017). The count is shared: a tenant's
 * requests land on many instances, so no instance can count them alone.
 */
public interface QuotaLedger {

    /**
     * Adds {@code requests} to the tenant's count in {@code window}, atomically and only if the
     * count stays within {@code limit}.
     *
     * @throws StoreUnavailableException when the store is throttling or does not answer in time
     */
    Claim claim(TenantId tenant, QuotaWindow window, int limit, int requests);

    /**
     * The requests per second an operator set for {@code tenant}; empty: the deployment's default.
     *
     * @throws StoreUnavailableException when the store is throttling or does not answer in time
     */
    OptionalInt requestsPerSecond(TenantId tenant);

    /** What a claim came to. */
    sealed interface Claim {

        /** The requests were added; {@code counted} is the window's count with them. */
        record Granted(int requests, long counted) implements Claim {
        }

        /** They would have passed the limit, so nothing was added; {@code counted} is the window's count. */
        record Refused(long counted) implements Claim {
        }
    }
}
