package io.stateapi.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a client retries. Immutable.
 *
 * <p><b>What is retried.</b> Throttling and quota refusals (429), unavailability (503) and
 * connection failures; writes carrying an {@code Idempotency-Key} also after any 5xx, and writes
 * without one only where a repeat cannot apply them twice (the README's table, ADR 0032). A 429
 * never reached the data (API Gateway's throttling, or the tenant's quota, checked first), so it
 * is repeated for every request. Other errors are never retried: they would fail the same way
 * again. (Sending a request once more with a fresh token after a 401 is not a retry and takes
 * nothing from these budgets; see {@code Auth.refreshingBearer} and ADR 0033.)
 *
 * <p><b>How long between attempts.</b> Exponential backoff with full jitter: before retry
 * {@code n} the client waits a random time in {@code [0, min(maxDelay, baseDelay * 2^n))}, or
 * the service's {@code Retry-After} if that is longer.
 *
 * <p><b>Budgets.</b> Per call: at most {@link #maxAttempts()} attempts, within the call
 * timeout ({@link Timeouts#call()}). Per client: a bucket of {@link #clientRetryBudget()}
 * tokens shared by every call of the client; a retry takes a token (a timeout two), and every
 * call that succeeds at first attempt gives one back. When the bucket is empty calls fail at
 * once instead of retrying, so a struggling service is not buried under retries.
 *
 * <p><b>Update conflicts.</b> {@code update} retries a lost compare-and-set race up to
 * {@link #maxUpdateAttempts()} times (default 100: enough that 8, and about 16, writers hammering
 * one key do not give up; ADR 0042), with the same jittered backoff except that its ceiling
 * stops growing at {@code 16 x baseDelay} (a lost race means another writer made progress, so
 * long waits only add latency); those are not transport retries and take no tokens.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final int clientRetryBudget;
    private final int maxUpdateAttempts;

    private RetryPolicy(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.baseDelay = builder.baseDelay;
        this.maxDelay = builder.maxDelay;
        this.clientRetryBudget = builder.clientRetryBudget;
        this.maxUpdateAttempts = builder.maxUpdateAttempts;
    }

    /** 4 attempts, backoff from 50 ms up to 5 s, a client budget of 100 retries, 100 update attempts. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** No transport retries (update still retries conflicts). */
    public static RetryPolicy none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a {@code Consumer<Builder>} overload passes on: a fresh builder, as {@link #builder()},
     * given to {@code options}, then built (ADR 0035).
     */
    static RetryPolicy from(Consumer<Builder> options) {
        Objects.requireNonNull(options, "options");
        Builder builder = builder();
        options.accept(builder);
        return builder.build();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public int clientRetryBudget() {
        return clientRetryBudget;
    }

    public int maxUpdateAttempts() {
        return maxUpdateAttempts;
    }

    public Builder toBuilder() {
        return new Builder()
                .maxAttempts(maxAttempts)
                .baseDelay(baseDelay)
                .maxDelay(maxDelay)
                .clientRetryBudget(clientRetryBudget)
                .maxUpdateAttempts(maxUpdateAttempts);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay
                + ", clientRetryBudget=" + clientRetryBudget + ", maxUpdateAttempts=" + maxUpdateAttempts + "]";
    }

    public static final class Builder {
        private int maxAttempts = 4;
        private Duration baseDelay = Duration.ofMillis(50);
        private Duration maxDelay = Duration.ofSeconds(5);
        private int clientRetryBudget = 100;
        /*
         * Among n writers on one key the races a call loses before it commits are about
         * geometric: measured at 8 writers, P(lose k in a row) ~ 0.72^k (ADR 0042). 20 attempts
         * gave up once in a few hundred calls there; 100 put giving up at ~1e-14 per call at 8
         * writers and below 1e-6 up to about 16. A lost race costs a read and a refused write,
         * not a stored version, so the bound is there to end a livelock, not to save work.
         */
        private int maxUpdateAttempts = 100;

        private Builder() {
        }

        /** Attempts per call, the first included (1 = no retries). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder baseDelay(Duration baseDelay) {
            this.baseDelay = nonNegative(baseDelay, "baseDelay");
            return this;
        }

        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = nonNegative(maxDelay, "maxDelay");
            return this;
        }

        /** Retries the whole client may have outstanding in its token bucket (0 disables transport retries). */
        public Builder clientRetryBudget(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("clientRetryBudget must not be negative");
            }
            this.clientRetryBudget = tokens;
            return this;
        }

        /** Compare-and-set attempts of one {@code update} call before it gives up. */
        public Builder maxUpdateAttempts(int maxUpdateAttempts) {
            if (maxUpdateAttempts < 1) {
                throw new IllegalArgumentException("maxUpdateAttempts must be at least 1");
            }
            this.maxUpdateAttempts = maxUpdateAttempts;
            return this;
        }

        public RetryPolicy build() {
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must not be less than baseDelay");
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}
