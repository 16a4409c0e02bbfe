package io.stateapi.domain.backfill;

/**
 * A token bucket: at most {@code perSecond} takes a second on average, with bursts of at most one
 * second's worth. Small on purpose: the backfill needs one blocking {@code take} that gives up at
 * a deadline, and a rate-limiting library (Guava's {@code RateLimiter}, Bucket4j) would add a
 * dependency to the function's jar for these thirty lines (ADR 0058).
 */
public final class TokenBucket {

    /** Where the time comes from and how to wait: the system's, or a test's. */
    public interface Ticker {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    private final double perNano;
    private final double capacity;
    private final Ticker ticker;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double perSecond, Ticker ticker) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a rate must be positive: " + perSecond);
        }
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, perSecond);
        this.ticker = ticker;
        // One token to begin with: every run starts its own buckets, and must not start with a burst.
        this.tokens = 1;
        this.refilledAt = ticker.nanoTime();
    }

    /**
     * Takes a token, waiting for it if need be; false (nothing taken, no wait) when it would only
     * come after {@code deadlineNanos} (on the ticker's clock).
     */
    public synchronized boolean take(long deadlineNanos) {
        refill();
        if (tokens < 1) {
            long wait = (long) Math.ceil((1 - tokens) / perNano);
            if (ticker.nanoTime() + wait - deadlineNanos > 0) {
                return false;
            }
            try {
                ticker.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            refill();
        }
        tokens -= 1;
        return true;
    }

    private void refill() {
        long now = ticker.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
    }
}
