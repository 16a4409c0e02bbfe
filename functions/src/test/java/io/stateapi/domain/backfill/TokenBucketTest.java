package io.stateapi.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    /** Time that passes only when the bucket sleeps. */
    static final class FakeTicker implements TokenBucket.Ticker {
        long now = 1_000_000_000L;
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
            slept += nanos;
        }
    }

    @Test
    void takesAtMostTheRateOnAverage() {
        FakeTicker ticker = new FakeTicker();
        TokenBucket bucket = new TokenBucket(50, ticker);
        long start = ticker.now;

        for (int i = 0; i < 501; i++) {
            assertThat(bucket.take(Long.MAX_VALUE)).isTrue();
        }

        // The first token is there at once; 500 more at 50 a second take 10 s.
        assertThat(ticker.now - start).isBetween(9_990_000_000L, 10_010_000_000L);
    }

    @Test
    void aBucketLeftAloneFillsToOneSecondsWorthOnly() {
        FakeTicker ticker = new FakeTicker();
        TokenBucket bucket = new TokenBucket(10, ticker);
        ticker.now += 60_000_000_000L;

        for (int i = 0; i < 10; i++) {
            bucket.take(Long.MAX_VALUE);
        }
        assertThat(ticker.slept).isZero();
        bucket.take(Long.MAX_VALUE);
        assertThat(ticker.slept).isBetween(99_000_000L, 101_000_000L);
    }

    @Test
    void givesUpWithoutWaitingWhenTheTokenWouldComeAfterTheDeadline() {
        FakeTicker ticker = new FakeTicker();
        TokenBucket bucket = new TokenBucket(1, ticker);
        assertThat(bucket.take(ticker.now)).isTrue();

        assertThat(bucket.take(ticker.now + 500_000_000L)).isFalse();
        assertThat(ticker.slept).isZero();
        assertThat(bucket.take(ticker.now + 1_000_000_000L)).isTrue();
    }
}
