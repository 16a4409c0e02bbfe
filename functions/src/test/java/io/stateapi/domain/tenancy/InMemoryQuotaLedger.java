package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.StoreUnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/** The ledger's contract in memory, shared by the instances of a test; it can be made unreachable. */
final class InMemoryQuotaLedger implements QuotaLedger {

    private final Map<String, Long> counts = new HashMap<>();
    private final Map<TenantId, Integer> limits = new HashMap<>();
    final AtomicInteger claims = new AtomicInteger();
    final AtomicInteger limitReads = new AtomicInteger();
    private volatile boolean unreachable;

    @Override
    public synchronized Claim claim(TenantId tenant, QuotaWindow window, int limit, int requests) {
        claims.incrementAndGet();
        failIfUnreachable();
        String key = tenant.value() + "@" + window.start();
        long counted = counts.getOrDefault(key, 0L);
        if (counted + requests > limit) {
            return new Claim.Refused(counted);
        }
        counts.put(key, counted + requests);
        return new Claim.Granted(requests, counted + requests);
    }

    @Override
    public synchronized OptionalInt requestsPerSecond(TenantId tenant) {
        limitReads.incrementAndGet();
        failIfUnreachable();
        Integer limit = limits.get(tenant);
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    synchronized void setRequestsPerSecond(TenantId tenant, int requestsPerSecond) {
        limits.put(tenant, requestsPerSecond);
    }

    synchronized long counted(TenantId tenant, QuotaWindow window) {
        return counts.getOrDefault(tenant.value() + "@" + window.start(), 0L);
    }

    void unreachable(boolean unreachable) {
        this.unreachable = unreachable;
    }

    private void failIfUnreachable() {
        if (unreachable) {
            throw new StoreUnavailableException("injected", Duration.ofSeconds(1), new RuntimeException("injected"));
        }
    }
}
