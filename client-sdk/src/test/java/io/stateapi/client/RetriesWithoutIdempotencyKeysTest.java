package io.stateapi.client;

import static io.stateapi.client.support.FaultProxy.Fault.OUTCOME_UNKNOWN_AFTER_FORWARDING;
import static io.stateapi.client.support.FaultProxy.Fault.NONE;
import static io.stateapi.client.support.FaultProxy.Fault.RESET_AFTER_FORWARDING;
import static io.stateapi.client.support.FaultProxy.Fault.RESET_BEFORE_FORWARDING;
import static io.stateapi.client.support.FaultProxy.Fault.THROTTLED;
import static io.stateapi.client.support.FaultProxy.Fault.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.ProxiedNamespace;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry rule of each kind of write sent without an {@code Idempotency-Key} (README,
 * "Retries"; ADR 0032). Without a key a write is repeated after a possibly lost answer only if
 * its precondition names one version: versions never repeat, so the repeat cannot apply it a
 * second time. Writes whose precondition can hold again ({@code If-Match: *}, create-only) or
 * that have none are sent again only when the first attempt surely never reached the service.
 */
class RetriesWithoutIdempotencyKeysTest {

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
        fixture = ProxiedNamespace.start("nokey", FAST, b -> b.idempotencyKeys(false));
        proxy = fixture.proxy();
        ns = fixture.proxied();
        direct = fixture.direct();
    }

    @AfterEach
    void stop() {
        assertThat(proxy.exchanges()).allSatisfy(e -> assertThat(e.header("Idempotency-Key")).isNull());
        fixture.close();
    }

    // ---- PUT If-Match: "<version>": repeated; a lost answer then a conflict is an unknown outcome

    @Test
    void aCompareAndSetIsRetriedAfterUnavailabilityThrottlingAndResetsBeforeForwarding() {
        Versioned<Counter> v1 = direct.put("k", new Counter(1));
        proxy.inject(UNAVAILABLE, THROTTLED, RESET_BEFORE_FORWARDING);

        assertThat(ns.put("k", new Counter(2), v1.ifUnchanged()).version()).isEqualTo(2);
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 429, 0, 200);
    }

    @Test
    void aCompareAndSetWhoseAnswerWasLostIsReportedAsUnknownNotAsAConflict() {
        Versioned<Counter> v1 = direct.put("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.put("k", new Counter(2), v1.ifUnchanged()))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class, e -> {
                    assertThat(e.currentVersion()).hasValue(2);
                    assertThat(e.idempotencyKey()).isEmpty();
                });
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(0, 412);
    }

    @Test
    void anUpdateWhoseAnswerWasLostNeverAppliesTheFunctionTwice() {
        direct.put("k", new Counter(0));
        AtomicInteger applied = new AtomicInteger();
        // the read passes, the compare-and-set is applied and its answer lost
        proxy.inject(NONE, RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.update("k", Counter.class, c -> {
            applied.incrementAndGet();
            return c.next();
        })).isInstanceOf(WriteOutcomeUnknownException.class);
        assertThat(applied).hasValue(1);
        assertThat(direct.get("k", Counter.class)).satisfies(v -> {
            assertThat(v.value()).isEqualTo(new Counter(1));
            assertThat(v.version()).isEqualTo(2);
        });
    }

    // ---- PUT If-Match: *: the key exists again after any write, so a repeat could overwrite another's

    @Test
    void anIfExistsPutWhoseAnswerWasLostIsSentOnceAndReportedAsUnknown() {
        direct.put("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.put("k", new Counter(2), IfVersion.exists()))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(ConnectionFailedException.class));
        assertThat(proxy.exchanges()).hasSize(1);
        assertThat(direct.get("k", Counter.class).version()).isEqualTo(2);
    }

    @Test
    void anIfExistsPutIsNotRepeatedAfterServiceUnavailable() {
        direct.put("k", new Counter(1));
        proxy.inject(UNAVAILABLE);

        assertThatThrownBy(() -> ns.put("k", new Counter(2), IfVersion.exists()))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(ServiceUnavailableException.class));
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void aLastWriteWinsPutAnsweredOutcomeUnknownIsNotRepeatedAndReportedAsUnknown() {
        direct.put("k", new Counter(1));
        proxy.inject(OUTCOME_UNKNOWN_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.put("k", new Counter(2)))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(ServiceUnavailableException.class));
        assertThat(proxy.exchanges()).as("a repeat could apply it twice").hasSize(1);
        assertThat(direct.get("k", Counter.class).version()).as("applied once").isEqualTo(2);
    }

    @Test
    void anIfExistsPutIsRepeatedAfterThrottlingBecauseTheGatewayNeverForwardedIt() {
        direct.put("k", new Counter(1));
        proxy.inject(THROTTLED);

        assertThat(ns.put("k", new Counter(2), IfVersion.exists()).version()).isEqualTo(2);
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(429, 200);
    }

    // ---- PUT If-None-Match: *: a key can be absent again (deleted, expired), so a repeat could create twice

    @Test
    void aCreateWhoseAnswerWasLostIsSentOnceAndReportedAsUnknown() {
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.create("k", new Counter(1))).isInstanceOf(WriteOutcomeUnknownException.class);
        assertThat(proxy.exchanges()).hasSize(1);
        assertThat(direct.get("k", Counter.class).version()).isEqualTo(1);
    }

    // ---- PUT without precondition: last write wins, so a repeat could overwrite a newer write

    @Test
    void aLastWriteWinsPutWhoseAnswerWasLostIsSentOnceAndReportedAsUnknown() {
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.put("k", new Counter(1)))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(ConnectionFailedException.class));
        assertThat(proxy.exchanges()).hasSize(1);
        assertThat(direct.find("k", Counter.class)).isPresent();
    }

    @Test
    void aLastWriteWinsPutIsNotRepeatedAfterServiceUnavailable() {
        proxy.inject(UNAVAILABLE);

        assertThatThrownBy(() -> ns.put("k", new Counter(1)))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(ServiceUnavailableException.class));
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void aLastWriteWinsPutIsRepeatedAfterThrottlingBecauseTheGatewayNeverForwardedIt() {
        proxy.inject(THROTTLED);

        assertThat(ns.put("k", new Counter(1)).version()).isEqualTo(1);
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(429, 201);
    }

    // ---- DELETE without precondition: a repeat could delete what another writer wrote in between

    @Test
    void anUnconditionalDeleteWhoseAnswerWasLostIsSentOnceAndReportedAsUnknown() {
        direct.put("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.delete("k")).isInstanceOf(WriteOutcomeUnknownException.class);
        assertThat(proxy.exchanges()).hasSize(1);
        assertThat(direct.find("k", Counter.class)).isEmpty();
    }

    @Test
    void anIfExistsDeleteWhoseAnswerWasLostIsSentOnceAndReportedAsUnknown() {
        direct.put("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.delete("k", IfVersion.exists())).isInstanceOf(WriteOutcomeUnknownException.class);
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void anUnconditionalDeleteIsRepeatedAfterThrottling() {
        direct.put("k", new Counter(1));
        proxy.inject(THROTTLED);

        ns.delete("k");

        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(429, 204);
    }

    // ---- DELETE If-Match: "<version>": repeated; the version it names can never come back

    @Test
    void aConditionalDeleteIsRepeatedAfterServiceUnavailable() {
        Versioned<Counter> v1 = direct.put("k", new Counter(1));
        proxy.inject(UNAVAILABLE);

        ns.delete("k", v1.ifUnchanged());

        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 204);
    }

    @Test
    void aConditionalDeleteWhoseAnswerWasLostSucceedsWhenTheRetryFindsTheKeyGone() {
        Versioned<Counter> v1 = direct.put("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        ns.delete("k", v1.ifUnchanged());

        assertThat(direct.find("k", Counter.class)).isEmpty();
        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(0, 404);
    }

    // ---- a call of a keyed client can opt out too

    @Test
    void aKeyedClientsCallWithoutKeyFollowsTheSameRules() {
        try (StateClient keyed = TestStack.get().client(proxy.endpoint()).retryPolicy(FAST).build()) {
            direct.put("k", new Counter(1));
            proxy.inject(RESET_AFTER_FORWARDING);

            assertThatThrownBy(() -> keyed.namespace(ns.name()).put("k", new Counter(2),
                    WriteOptions.builder().ifVersion(IfVersion.exists()).withoutIdempotencyKey().build()))
                    .isInstanceOf(WriteOutcomeUnknownException.class);
        }
        assertThat(proxy.exchanges()).hasSize(1);
    }
}
