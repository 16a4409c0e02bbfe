package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.QuotaExceededException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.tenancy.QuotaLedger.Claim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A per-tenant request quota counted in fixed one-second windows in a shared {@link QuotaLedger}
 * (ADR 0017). Each instance leases requests from the ledger, several per call when its own
 * demand and the window's headroom allow, so most requests cost no ledger call at all; near the
 * limit it leases one at a time, so the ledger's count stays exact where it matters. A window the
 * ledger refused is refused on this instance until it ends, without asking again. When the ledger
 * cannot be reached the quota fails open to a per-instance count of the same limit.
 */
public final class LeasedRequestQuota implements RequestQuota {

    /** Limits are per second, so windows last one second. */
    public static final Duration WINDOW = Duration.ofSeconds(1);
    /** The most requests one ledger call leases: what an idle instance can hold unused. */
    static final int MAX_LEASE = 25;
    /** Tenants an instance keeps allowances for before it forgets those of past windows. */
    static final int TENANTS_KEPT = 10_000;

    private final QuotaLedger ledger;
    private final Clock clock;
    private final TenantLimits limits;
    private final ConcurrentMap<TenantId, TenantAllowance> allowances = new ConcurrentHashMap<>();

    /** @param defaultRequestsPerSecond the limit of tenants an operator set none for */
    public LeasedRequestQuota(QuotaLedger ledger, Clock clock, int defaultRequestsPerSecond) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (defaultRequestsPerSecond < 1) {
            throw new IllegalArgumentException("a tenant's default quota is at least 1 request per second");
        }
        this.limits = new TenantLimits(ledger, defaultRequestsPerSecond);
    }

    @Override
    public void admit(TenantId tenant) {
        Instant now = clock.instant();
        QuotaWindow window = QuotaWindow.containing(now, WINDOW);
        TenantAllowance allowance = allowance(tenant, window, now);
        // Held across the ledger call: Lambda gives an instance one request at a time, so only a
        // process serving many at once (the local stack) ever waits here, and then only for a lease.
        allowance.lock.lock();
        try {
            allowance.enter(window);
            if (allowance.admitLeased()) {
                return;
            }
            int limit = limits.requestsPerSecond(tenant, now) * (int) WINDOW.toSeconds();
            boolean admitted = switch (allowance.standing()) {
                case FULL -> false;
                case LOCAL -> allowance.admitLocally(limit);
                case SHARED -> lease(tenant, window, limit, allowance);
            };
            if (!admitted) {
                throw new QuotaExceededException("the tenant has used its quota of " + limit + " requests in the "
                        + WINDOW.toSeconds() + " s window that ends at " + window.end(), window.retryAfter(now));
            }
        } finally {
            allowance.lock.unlock();
        }
    }

    /** Leases requests from the ledger and admits one of them, if the window has room. */
    private boolean lease(TenantId tenant, QuotaWindow window, int limit, TenantAllowance allowance) {
        try {
            int wanted = leaseSize(limit, allowance.admittedBefore(), allowance.counted());
            Claim claim = ledger.claim(tenant, window, limit, wanted);
            if (claim instanceof Claim.Refused refused && wanted > 1 && refused.counted() < limit) {
                // Room for fewer than a whole lease: take what is needed now, exactly.
                claim = ledger.claim(tenant, window, limit, 1);
            }
            switch (claim) {
                case Claim.Granted granted -> allowance.leased(granted.requests(), granted.counted());
                case Claim.Refused refused -> allowance.full();
            }
            return allowance.admitLeased();
        } catch (StoreUnavailableException e) {
            // Fail open, bounded: refusing every tenant because the ledger is throttled would turn a
            // quota problem into an outage; counting alone admits at most the limit per instance.
            allowance.ledgerUnavailable();
            return allowance.admitLocally(limit);
        }
    }

    /**
     * How many requests to lease in one ledger call: a quarter of what this instance admitted for
     * the tenant in the window before (so it calls about four times a window while busy), at most
     * a twentieth of the limit and {@link #MAX_LEASE}; one at a time once the window is half used,
     * so what instances hold unused cannot refuse the tenant early where it matters.
     *
     * @param admittedBefore requests this instance admitted for the tenant in the previous window
     * @param counted        the window's count across instances, as last seen
     */
    static int leaseSize(int limit, int admittedBefore, long counted) {
        if (counted * 2 >= limit) {
            return 1;
        }
        int size = Math.min(Math.min(admittedBefore / 4, limit / 20), MAX_LEASE);
        return Math.max(1, size);
    }

    private TenantAllowance allowance(TenantId tenant, QuotaWindow window, Instant now) {
        if (allowances.size() > TENANTS_KEPT) {
            allowances.values().removeIf(a -> a.before(window));
            limits.forgetExpired(now);
        }
        return allowances.computeIfAbsent(tenant, t -> new TenantAllowance());
    }
}
