package io.stateapi.client.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's shared retry allowance (a token bucket, as the AWS SDKs' standard retry mode has):
 * retries take tokens, first-attempt successes return one. When a service is failing for
 * everyone, an empty bucket turns a retry storm into fast failures.
 */
public final class RetryBudget {

    private final int capacity;
    private final AtomicInteger tokens;

    public RetryBudget(int capacity) {
        this.capacity = capacity;
        this.tokens = new AtomicInteger(capacity);
    }

    public boolean tryAcquire(int cost) {
        while (true) {
            int available = tokens.get();
            if (available < cost) {
                return false;
            }
            if (tokens.compareAndSet(available, available - cost)) {
                return true;
            }
        }
    }

    public void refund(int amount) {
        tokens.accumulateAndGet(amount, (current, add) -> Math.min(capacity, current + add));
    }

    public int available() {
        return tokens.get();
    }
}
