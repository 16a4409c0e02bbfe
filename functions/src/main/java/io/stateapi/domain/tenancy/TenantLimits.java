package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each tenant's requests per second: an operator's setting in the ledger, else the deployment's
 * default. Kept for {@link #CACHED_FOR} per instance, so a changed setting reaches every instance
 * within that time and the ledger is asked about a busy tenant once a minute, not per request.
 */
final class TenantLimits {

    static final Duration CACHED_FOR = Duration.ofMinutes(1);
    /** After the ledger failed to answer: soon enough to pick up the setting, rare enough to cost nothing. */
    static final Duration ASK_AGAIN_AFTER_FAILURE = Duration.ofSeconds(5);

    private record Known(int requestsPerSecond, Instant until) {
    }

    private final QuotaLedger ledger;
    private final int defaultRequestsPerSecond;
    private final ConcurrentMap<TenantId, Known> known = new ConcurrentHashMap<>();

    TenantLimits(QuotaLedger ledger, int defaultRequestsPerSecond) {
        this.ledger = ledger;
        this.defaultRequestsPerSecond = defaultRequestsPerSecond;
    }

    int requestsPerSecond(TenantId tenant, Instant now) {
        Known cached = known.get(tenant);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.requestsPerSecond();
        }
        Known fresh;
        try {
            fresh = new Known(ledger.requestsPerSecond(tenant).orElse(defaultRequestsPerSecond), now.plus(CACHED_FOR));
        } catch (StoreUnavailableException e) {
            fresh = new Known(cached != null ? cached.requestsPerSecond() : defaultRequestsPerSecond,
                    now.plus(ASK_AGAIN_AFTER_FAILURE));
        }
        known.put(tenant, fresh);
        return fresh.requestsPerSecond();
    }

    /** Forgets what is older than {@code now}: bounds the memory a long-lived instance spends on past tenants. */
    void forgetExpired(Instant now) {
        known.values().removeIf(k -> !now.isBefore(k.until()));
    }
}
