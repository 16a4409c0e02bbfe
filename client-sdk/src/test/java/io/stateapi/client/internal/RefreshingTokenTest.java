package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.BearerToken;
import io.stateapi.client.TokenRefreshPolicy;
import io.stateapi.client.TokenSource;
import io.stateapi.client.exceptions.TokenUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The refreshing token provider on a clock the test moves: no sleeps, no waiting for real expiry. */
@Timeout(30) // only a guard against a deadlock hanging the build; no assertion depends on time
class RefreshingTokenTest {

    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final MovableClock clock = new MovableClock(START);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile Duration lifetime = HOUR;

    /** token-1, token-2, ... each valid for {@link #lifetime} from when it is fetched; fails while {@link #failing}. */
    private final TokenSource source = () -> {
        int n = fetches.incrementAndGet();
        if (failing.get()) {
            throw new IllegalStateException("identity provider down (fetch " + n + ")");
        }
        return BearerToken.of("token-" + n, clock.instant().plus(lifetime));
    };

    private RefreshingToken tokens(TokenSource from) {
        return new RefreshingToken(from, TokenRefreshPolicy.defaults(), clock);
    }

    @Test
    void aTokenIsFetchedOnceAndServedFromTheCacheUntilItIsDueForRefresh() {
        RefreshingToken tokens = tokens(source);

        assertThat(tokens.current()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(58));
        assertThat(tokens.current()).isEqualTo("token-1");
        assertThat(tokens.current()).isEqualTo("token-1");

        assertThat(fetches).hasValue(1);
    }

    @Test
    void aTokenIsRefreshedTheMarginBeforeItExpires() {
        RefreshingToken tokens = tokens(source);
        tokens.current();

        clock.advance(HOUR.minus(TokenRefreshPolicy.defaults().margin()).minusMillis(1));
        assertThat(tokens.current()).isEqualTo("token-1");
        clock.advance(Duration.ofMillis(1));
        assertThat(tokens.current()).isEqualTo("token-2");
    }

    @Test
    void theMarginIsConfigurable() {
        RefreshingToken tokens = new RefreshingToken(source,
                TokenRefreshPolicy.builder().margin(Duration.ofMinutes(5)).build(), clock);
        tokens.current();

        clock.advance(Duration.ofMinutes(54));
        assertThat(tokens.current()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.current()).isEqualTo("token-2");
    }

    @Test
    void aTokenLivingShorterThanTwiceTheMarginIsRefreshedHalfwayThroughItsLifeNotOnEveryCall() {
        lifetime = Duration.ofSeconds(30);
        RefreshingToken tokens = tokens(source);
        tokens.current();

        clock.advance(Duration.ofSeconds(14));
        assertThat(tokens.current()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.current()).isEqualTo("token-2");
        assertThat(tokens.current()).isEqualTo("token-2");

        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedRefreshKeepsServingTheStillValidTokenAndIsTriedAgainOnlyAfterTheRetryInterval() {
        RefreshingToken tokens = tokens(source);
        tokens.current();
        clock.advance(Duration.ofMinutes(59));
        failing.set(true);

        assertThat(tokens.current()).isEqualTo("token-1");
        assertThat(tokens.current()).isEqualTo("token-1");
        clock.advance(TokenRefreshPolicy.defaults().retryInterval().minusMillis(1));
        assertThat(tokens.current()).isEqualTo("token-1");
        assertThat(fetches).as("one failed refresh, not one per call").hasValue(2);

        failing.set(false);
        clock.advance(Duration.ofMillis(1));
        assertThat(tokens.current()).isEqualTo("token-3");
    }

    @Test
    void anExpiredTokenIsNeverServedEvenWhenTheRefreshFails() {
        RefreshingToken tokens = tokens(source);
        tokens.current();
        failing.set(true);

        clock.advance(HOUR);

        assertThatThrownBy(tokens::current)
                .isInstanceOf(TokenUnavailableException.class)
                .hasRootCauseMessage("identity provider down (fetch 2)");
    }

    @Test
    void withoutAValidTokenAFailedFetchFailsTheCallAndIsNotRepeatedWithinTheRetryInterval() {
        failing.set(true);
        RefreshingToken tokens = tokens(source);

        assertThatThrownBy(tokens::current).isInstanceOf(TokenUnavailableException.class)
                .satisfies(e -> assertThat(((TokenUnavailableException) e).isTransient()).isTrue());
        assertThatThrownBy(tokens::current).isInstanceOf(TokenUnavailableException.class)
                .hasRootCauseMessage("identity provider down (fetch 1)");
        assertThat(fetches).hasValue(1);

        failing.set(false);
        clock.advance(TokenRefreshPolicy.defaults().retryInterval());
        assertThat(tokens.current()).isEqualTo("token-2");
    }

    @Test
    void aSourceReturningAnExpiredTokenOrNothingFails() {
        RefreshingToken expired = tokens(() -> BearerToken.of("old", clock.instant().minusSeconds(1)));
        RefreshingToken nothing = tokens(() -> null);

        assertThatThrownBy(expired::current).isInstanceOf(TokenUnavailableException.class).hasMessageContaining("expired");
        assertThatThrownBy(nothing::current).isInstanceOf(TokenUnavailableException.class).hasMessageContaining("no token");
    }

    @Test
    void concurrentCallersWithoutATokenWaitForOneSharedFetch() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RefreshingToken tokens = tokens(() -> {
            entered.countDown();
            release.await();
            return source.fetch();
        });
        List<Thread> callers = new ArrayList<>();
        List<CompletableFuture<String>> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            CompletableFuture<String> result = new CompletableFuture<>();
            got.add(result);
            callers.add(Thread.ofPlatform().start(() -> result.complete(tokens.current())));
        }
        entered.await();
        // every caller but the one fetching is parked, waiting for that fetch
        await().until(() -> callers.stream().filter(t -> t.getState() == Thread.State.WAITING).count() == callers.size());
        release.countDown();

        for (CompletableFuture<String> result : got) {
            assertThat(result.get()).isEqualTo("token-1");
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void whileOneCallerRefreshesTheOthersKeepUsingTheValidTokenWithoutWaiting() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean block = new AtomicBoolean();
        RefreshingToken tokens = tokens(() -> {
            if (block.get()) {
                entered.countDown();
                release.await();
            }
            return source.fetch();
        });
        tokens.current();
        clock.advance(Duration.ofMinutes(59));
        block.set(true);
        CompletableFuture<String> refresher = CompletableFuture.supplyAsync(tokens::current);
        entered.await();

        assertThat(tokens.current()).isEqualTo("token-1");
        assertThat(tokens.current()).isEqualTo("token-1");

        release.countDown();
        assertThat(refresher.get()).isEqualTo("token-2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aRejectedTokenIsReplacedOnceButATokenFetchedBecauseOfARejectionIsNotReplacedAgain() {
        RefreshingToken tokens = tokens(source);
        tokens.current();

        assertThat(tokens.renewAfterRejection("token-1")).isTrue();
        assertThat(tokens.current()).isEqualTo("token-2");
        assertThat(tokens.renewAfterRejection("token-2")).as("a fresh token rejected too: fetching more will not help").isFalse();

        assertThat(fetches).hasValue(2);
        assertThat(tokens.current()).isEqualTo("token-2");
    }

    @Test
    void aRejectionOfATokenAlreadyReplacedNeedsNoFetch() {
        RefreshingToken tokens = tokens(source);
        tokens.current();
        tokens.renewAfterRejection("token-1");

        assertThat(tokens.renewAfterRejection("token-1")).isTrue();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedFetchAfterARejectionSaysThatRetryingWillNotHelp() {
        RefreshingToken tokens = tokens(source);
        tokens.current();
        failing.set(true);

        assertThat(tokens.renewAfterRejection("token-1")).isFalse();
    }

    @Test
    void aTokenFromTheRegularRefreshMayBeReplacedAfterARejectionAgain() {
        RefreshingToken tokens = tokens(source);
        tokens.current();
        tokens.renewAfterRejection("token-1");
        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.current()).isEqualTo("token-3");

        assertThat(tokens.renewAfterRejection("token-3")).isTrue();
        assertThat(tokens.current()).isEqualTo("token-4");
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
