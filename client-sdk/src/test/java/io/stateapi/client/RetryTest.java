package io.stateapi.client;

import static io.stateapi.client.support.FaultProxy.Fault.RESET_AFTER_FORWARDING;
import static io.stateapi.client.support.FaultProxy.Fault.RESET_BEFORE_FORWARDING;
import static io.stateapi.client.support.FaultProxy.Fault.THROTTLED;
import static io.stateapi.client.support.FaultProxy.Fault.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.TooManyRequestsException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.ProxiedNamespace;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries against faults injected by a real HTTP proxy in front of the local stack: what is
 * retried (throttling, unavailability, connection failures, for requests safe to repeat), what
 * is not, and the per-call and per-client budgets. Writes here carry the default
 * {@code Idempotency-Key}; {@link RetriesWithoutIdempotencyKeysTest} has the rules without one.
 */
class RetryTest {

    record Counter(long count) {
        Counter next() {
            return new Counter(count + 1);
        }
    }

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(4).baseDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20)).build();

    private ProxiedNamespace fixture;
    private FaultProxy proxy;
    private StateNamespace ns;
    private StateNamespace direct;

    @BeforeEach
    void start() {
        fixture = ProxiedNamespace.start("retry", FAST, b -> b);
        proxy = fixture.proxy();
        ns = fixture.proxied();
        direct = fixture.direct();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aReadIsRetriedAfterServiceUnavailable() {
        direct.put("k", new Counter(1));
        proxy.inject(UNAVAILABLE, UNAVAILABLE);

        assertThat(ns.get("k", Counter.class).value()).isEqualTo(new Counter(1));
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 503, 200);
    }

    @Test
    void aReadIsRetriedAfterThrottling() {
        direct.put("k", new Counter(1));
        proxy.inject(THROTTLED);

        assertThat(ns.get("k", Counter.class).value()).isEqualTo(new Counter(1));
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(429, 200);
    }

    @Test
    void aReadIsRetriedAfterAConnectionReset() {
        direct.put("k", new Counter(1));
        proxy.inject(RESET_BEFORE_FORWARDING, RESET_AFTER_FORWARDING);

        assertThat(ns.get("k", Counter.class).value()).isEqualTo(new Counter(1));
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(0, 0, 200);
    }

    @Test
    void aDeleteIsRetriedAfterServiceUnavailable() {
        direct.put("k", new Counter(1));
        proxy.inject(UNAVAILABLE);

        ns.delete("k");

        assertThat(direct.find("k", Counter.class)).isEmpty();
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 204);
    }

    @Test
    void aLastWriteWinsPutIsRetriedAfterUnavailabilityBecauseItsKeyMakesARepeatHarmless() {
        proxy.inject(UNAVAILABLE);

        assertThat(ns.put("k", new Counter(1)).version()).isEqualTo(1);
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 201);
    }

    @Test
    void aConditionalWriteIsRetriedAfterUnavailabilityAndThrottlingAndResets() {
        Versioned<Counter> v1 = direct.put("k", new Counter(1));
        proxy.inject(UNAVAILABLE, THROTTLED, RESET_BEFORE_FORWARDING);

        Versioned<Counter> v2 = ns.put("k", new Counter(2), v1.ifUnchanged());

        assertThat(v2.version()).isEqualTo(2);
        assertThat(direct.get("k", Counter.class).value()).isEqualTo(new Counter(2));
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 429, 0, 200);
    }

    @Test
    void aCreateIsRetriedAfterServiceUnavailable() {
        proxy.inject(UNAVAILABLE);

        assertThat(ns.create("k", new Counter(1)).version()).isEqualTo(1);
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 201);
    }

    @Test
    void anUpdateThroughUnavailabilityAndResetsBeforeForwardingAppliesItsChangeOnce() {
        direct.put("k", new Counter(0));
        // the read meets two faults, the write two more
        proxy.inject(UNAVAILABLE, RESET_BEFORE_FORWARDING, FaultProxy.Fault.NONE, THROTTLED, RESET_BEFORE_FORWARDING);

        Versioned<Counter> updated = ns.update("k", Counter.class, Counter::next);

        assertThat(updated.value()).isEqualTo(new Counter(1));
        assertThat(direct.get("k", Counter.class).value()).isEqualTo(new Counter(1));
    }

    @Test
    void aReadThatTimesOutIsRetried() {
        direct.put("k", new Counter(1));
        proxy.inject(FaultProxy.Fault.HOLD);
        try (StateClient impatient = TestStack.get().client(proxy.endpoint()).retryPolicy(FAST)
                .timeouts(Timeouts.builder().attempt(Duration.ofSeconds(1)).build()).build()) {

            assertThat(impatient.namespace(ns.name()).get("k", Counter.class).value()).isEqualTo(new Counter(1));
        }
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::fault)
                .containsExactly(FaultProxy.Fault.HOLD, FaultProxy.Fault.NONE);
    }

    @Test
    void aCallThatKeepsTimingOutIsAConnectionFailureMarkedAsTimeout() {
        proxy.inject(10, FaultProxy.Fault.HOLD);
        try (StateClient impatient = TestStack.get().client(proxy.endpoint())
                .retryPolicy(FAST.toBuilder().maxAttempts(2).build())
                .timeouts(Timeouts.builder().attempt(Duration.ofMillis(200)).build()).build()) {

            assertThatThrownBy(() -> impatient.namespace(ns.name()).get("k", Counter.class))
                    .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.isTimeout()).isTrue());
        }
        assertThat(proxy.exchanges()).hasSize(2);
    }

    @Test
    void cancellingAnAsyncCallAbandonsTheRequestInFlight() {
        proxy.inject(FaultProxy.Fault.HOLD);
        java.util.concurrent.CompletableFuture<Versioned<Counter>> pending = ns.async().get("k", Counter.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> proxy.exchanges().size() == 1);

        pending.cancel(true);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> proxy.abandonedConnections() == 1);
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void errorsThatWouldRepeatAreNotRetried() {
        Versioned<Counter> v1 = direct.put("k", new Counter(1));
        direct.put("k", new Counter(2));

        assertThatThrownBy(() -> ns.get("absent", Counter.class)).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> ns.put("k", new Counter(3), v1.ifUnchanged())).isInstanceOf(VersionConflictException.class);

        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(404, 412);
    }

    @Test
    void aCallStopsAfterItsMaximumAttempts() {
        proxy.inject(10, UNAVAILABLE);
        StateNamespace twoAttempts = ns.withRetryPolicy(FAST.toBuilder().maxAttempts(2).build());

        assertThatThrownBy(() -> twoAttempts.get("k", Counter.class))
                .isInstanceOfSatisfying(ServiceUnavailableException.class, e -> assertThat(e.isTransient()).isTrue());
        assertThat(proxy.exchanges()).hasSize(2);
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsATooManyRequestsException() {
        proxy.inject(10, THROTTLED);

        assertThatThrownBy(() -> ns.get("k", Counter.class)).isInstanceOf(TooManyRequestsException.class);
        assertThat(proxy.exchanges()).hasSize(FAST.maxAttempts());
    }

    @Test
    void aRetryAfterLongerThanTheCallTimeoutEndsTheCallAtOnceWithTheAdvice() {
        proxy.retryAfter("3600").inject(UNAVAILABLE);

        assertThatThrownBy(() -> ns.get("k", Counter.class))
                .isInstanceOfSatisfying(ServiceUnavailableException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void theClientWideBudgetStopsRetriesWhenItIsSpent() {
        try (StateClient frugal = TestStack.get().client(proxy.endpoint())
                .retryPolicy(FAST.toBuilder().clientRetryBudget(2).build()).build()) {
            StateNamespace frugalNs = frugal.namespace(ns.name());
            proxy.inject(10, UNAVAILABLE);

            assertThatThrownBy(() -> frugalNs.get("k", Counter.class)).isInstanceOf(ServiceUnavailableException.class);
            assertThatThrownBy(() -> frugalNs.get("k", Counter.class)).isInstanceOf(ServiceUnavailableException.class);

            // 1 + 2 retries for the first call, then the bucket is empty: 1 attempt for the second
            assertThat(proxy.exchanges()).hasSize(4);
            assertThat(frugal.remainingRetryBudget()).isZero();
        }
    }

    @Test
    void aRefusedConnectionIsRetriedAndThenReported() {
        try (StateClient nowhere = StateClient.builder().auth(TestStack.get().auth()).endpoint(java.net.URI.create("http://127.0.0.1:" + freePort()))
                .retryPolicy(FAST).build()) {
            assertThatThrownBy(() -> nowhere.namespace("x").put("k", new Counter(1)))
                    .isInstanceOfSatisfying(ConnectionFailedException.class,
                            e -> assertThat(e.getMessage()).contains("after 4 attempts"));
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
