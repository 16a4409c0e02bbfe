package io.stateapi.client.internal;

import io.stateapi.client.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: spreads retrying callers out instead of synchronising them. */
public final class Backoff {

    private Backoff() {
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public static Duration delay(RetryPolicy policy, int retry) {
        long base = Math.max(1, policy.baseDelay().toMillis());
        long cap = policy.maxDelay().toMillis();
        int shift = Math.min(30, Math.max(0, retry - 1));
        long ceiling = Math.min(cap, base << shift);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /**
     * The wait before {@code update} tries again after losing a compare-and-set race. A conflict
     * means the service is healthy and another writer made progress: the jitter is what breaks
     * the tie, and waiting longer only adds latency. So the ceiling stops growing after
     * {@value #CONFLICT_DOUBLINGS} doublings (800 ms with the default policy).
     */
    public static Duration conflictDelay(RetryPolicy policy, int attempt) {
        return delay(policy, Math.min(attempt, CONFLICT_DOUBLINGS + 1));
    }

    static final int CONFLICT_DOUBLINGS = 4;
}
