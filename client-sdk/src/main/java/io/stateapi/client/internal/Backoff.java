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
}
