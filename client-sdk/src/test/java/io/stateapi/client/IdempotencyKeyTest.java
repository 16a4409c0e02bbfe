package io.stateapi.client;

import static io.stateapi.client.support.FaultProxy.Fault.BAD_GATEWAY;
import static io.stateapi.client.support.FaultProxy.Fault.IDEMPOTENCY_KEY_IN_FLIGHT;
import static io.stateapi.client.support.FaultProxy.Fault.IDEMPOTENCY_KEY_REUSED;
import static io.stateapi.client.support.FaultProxy.Fault.NONE;
import static io.stateapi.client.support.FaultProxy.Fault.RESET_AFTER_FORWARDING;
import static io.stateapi.client.support.FaultProxy.Fault.RESET_BEFORE_FORWARDING;
import static io.stateapi.client.support.FaultProxy.Fault.THROTTLED;
import static io.stateapi.client.support.FaultProxy.Fault.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.client.exceptions.IdempotencyKeyReusedException;
import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.ProxiedNamespace;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the client sends {@code Idempotency-Key}, recorded on the wire by a proxy: on every write,
 * as an sf-string, one key per logical write and the same key on each of its retries; what it
 * retries with a key; the idempotency problems it maps. (That the service then applies each write
 * exactly once is {@link ExactlyOnceWritesTest}.)
 */
class IdempotencyKeyTest {

    record Counter(long count) {
        Counter next() {
            return new Counter(count + 1);
        }
    }

    /** A random (version 4) UUID as an RFC 8941 sf-string. */
    private static final Pattern QUOTED_UUID =
            Pattern.compile("\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"");

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(4).baseDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20)).build();

    private ProxiedNamespace fixture;
    private FaultProxy proxy;
    private StateNamespace ns;
    private StateNamespace direct;

    @BeforeEach
    void start() {
        fixture = ProxiedNamespace.start("idem", FAST, b -> b);
        proxy = fixture.proxy();
        ns = fixture.proxied();
        direct = fixture.direct();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<FaultProxy.Exchange> writes() {
        return proxy.exchanges().stream().filter(e -> !e.method().equals("GET")).toList();
    }

    private List<String> keysOfWrites() {
        return writes().stream().map(e -> e.header("Idempotency-Key")).toList();
    }

    @Test
    void everyKindOfWriteCarriesAFreshRandomKeyAsAnSfStringAndReadsCarryNone() {
        Versioned<Counter> v1 = ns.create("k", new Counter(1));
        ns.put("k", new Counter(2), v1.ifUnchanged());
        ns.put("k", new Counter(3));
        ns.put("k", new Counter(4), IfVersion.exists());
        ns.update("k", Counter.class, Counter::next);
        ns.updateOrCreate("fresh", Counter.class, () -> new Counter(0), Counter::next);
        ns.async().put("other", new Counter(1)).join();
        ns.async().delete("other").join();
        ns.delete("k", IfVersion.of(ns.get("k", Counter.class).version()));
        ns.delete("fresh", WriteOptions.builder().ifVersion(1).build());

        assertThat(keysOfWrites()).hasSize(10).allMatch(key -> key != null && QUOTED_UUID.matcher(key).matches())
                .doesNotHaveDuplicates();
        assertThat(proxy.exchanges()).filteredOn(e -> e.method().equals("GET"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.header("Idempotency-Key")).isNull());
    }

    @Test
    void everyRetryOfOneWriteCarriesTheSameKey() {
        proxy.inject(UNAVAILABLE, RESET_BEFORE_FORWARDING, BAD_GATEWAY);

        assertThat(ns.put("k", new Counter(1)).version()).isEqualTo(1);

        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 0, 502, 201);
        assertThat(keysOfWrites()).hasSize(4).containsOnly(keysOfWrites().get(0));
    }

    @Test
    void aLastWriteWinsPutWhoseAnswerWasLostIsRetriedWithItsKey() {
        proxy.inject(RESET_AFTER_FORWARDING);

        ns.put("k", new Counter(1));

        assertThat(writes()).hasSize(2);
        assertThat(keysOfWrites()).containsOnly(keysOfWrites().get(0));
    }

    @Test
    void everyRetryOfOneDeleteCarriesTheSameKey() {
        direct.put("k", new Counter(1));
        proxy.inject(UNAVAILABLE, THROTTLED);

        ns.delete("k");

        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(503, 429, 204);
        assertThat(keysOfWrites()).hasSize(3).containsOnly(keysOfWrites().get(0));
    }

    @Test
    void retriesOfOneCompareAndSetOfAnUpdateReuseItsKey() {
        direct.put("k", new Counter(0));
        // the read passes; its compare-and-set meets three faults
        proxy.inject(NONE, UNAVAILABLE, RESET_BEFORE_FORWARDING, BAD_GATEWAY);

        assertThat(ns.update("k", Counter.class, Counter::next).value()).isEqualTo(new Counter(1));

        assertThat(writes()).extracting(FaultProxy.Exchange::status).containsExactly(503, 0, 502, 200);
        assertThat(keysOfWrites()).containsOnly(keysOfWrites().get(0));
    }

    @Test
    void eachCompareAndSetOfAnUpdateIsANewLogicalWriteWithANewKey() {
        direct.put("k", new Counter(0));
        AtomicBoolean interfered = new AtomicBoolean();

        Versioned<Counter> updated = ns.update("k", Counter.class, c -> {
            if (interfered.compareAndSet(false, true)) {
                direct.put("k", new Counter(10));     // another writer wins the first race
            }
            return c.next();
        });

        assertThat(updated.value()).isEqualTo(new Counter(11));
        assertThat(writes()).extracting(FaultProxy.Exchange::status).containsExactly(412, 200);
        assertThat(keysOfWrites()).doesNotHaveDuplicates();
    }

    @Test
    void aKeyOfYoursIsSentOnEveryRetryOfTheWrite() {
        proxy.inject(UNAVAILABLE);

        ns.put("k", new Counter(1), WriteOptions.builder().idempotencyKey("order-17/payment").build());

        assertThat(keysOfWrites()).containsExactly("\"order-17/payment\"", "\"order-17/payment\"");
    }

    @Test
    void aKeyIsSentAsAnSfString() {
        assertThat(IdempotencyKey.of("a,b/c:d").headerValue()).isEqualTo("\"a,b/c:d\"");
        assertThat(IdempotencyKey.of("x".repeat(255)).value()).hasSize(255);
    }

    @Test
    void keysTheServiceWouldRefuseAreRefusedBeforeAnyRequest() {
        for (String bad : List.of("", "x".repeat(256), "with space", "caf\u00e9", "tab\t", "nul\u0000", "a\"b", "a\\b")) {
            assertThatThrownBy(() -> WriteOptions.builder().idempotencyKey(bad))
                    .as("%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(proxy.exchanges()).isEmpty();
    }

    @Test
    void aClientCanSendNoKeys() {
        try (StateClient without = TestStack.get().client(proxy.endpoint()).idempotencyKeys(false).build()) {
            StateNamespace plain = without.namespace(ns.name());
            plain.put("k", new Counter(1));
            plain.update("k", Counter.class, Counter::next);
            plain.delete("k");
            // a call can still ask for one
            plain.put("k", new Counter(1), WriteOptions.builder().idempotencyKey(IdempotencyKey.random()).build());

            assertThat(without.sendsIdempotencyKeys()).isFalse();
        }
        assertThat(keysOfWrites()).hasSize(4);
        assertThat(keysOfWrites().subList(0, 3)).containsOnlyNulls();
        assertThat(keysOfWrites().get(3)).matches(QUOTED_UUID);
    }

    @Test
    void oneCallCanSendNoKey() {
        ns.put("k", new Counter(1), WriteOptions.builder().withoutIdempotencyKey().build());
        ns.delete("k", WriteOptions.builder().withoutIdempotencyKey().build());
        ns.put("k", new Counter(2));

        assertThat(keysOfWrites()).hasSize(3);
        assertThat(keysOfWrites().subList(0, 2)).containsOnlyNulls();
        assertThat(keysOfWrites().get(2)).matches(QUOTED_UUID);
    }

    @Test
    void aDeleteRefusesOptionsItCannotUse() {
        assertThatThrownBy(() -> ns.delete("k", WriteOptions.builder().ttl(Duration.ofSeconds(5)).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ns.delete("k", WriteOptions.builder().ifAbsent().build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(proxy.exchanges()).isEmpty();
    }

    @Test
    void aKeyInFlightIsRetriedWithTheSameKey() {
        proxy.inject(IDEMPOTENCY_KEY_IN_FLIGHT, IDEMPOTENCY_KEY_IN_FLIGHT);

        assertThat(ns.put("k", new Counter(1)).version()).isEqualTo(1);

        assertThat(proxy.exchanges()).extracting(FaultProxy.Exchange::status).containsExactly(409, 409, 201);
        assertThat(keysOfWrites()).containsOnly(keysOfWrites().get(0));
    }

    @Test
    void aKeyStillInFlightWhenTheRetriesRunOutIsAnUnknownOutcomeCarryingTheKey() {
        proxy.inject(10, IDEMPOTENCY_KEY_IN_FLIGHT);

        assertThatThrownBy(() -> ns.put("k", new Counter(1)))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(IdempotencyKeyInFlightException.class);
                    assertThat(e.idempotencyKey()).map(IdempotencyKey::headerValue).contains(keysOfWrites().get(0));
                });
        assertThat(proxy.exchanges()).hasSize(FAST.maxAttempts());
    }

    @Test
    void aKeyReusedForAnotherRequestIsItsOwnExceptionAndNotRetried() {
        proxy.inject(IDEMPOTENCY_KEY_REUSED);

        assertThatThrownBy(() -> ns.put("k", new Counter(1), WriteOptions.builder().idempotencyKey("used").build()))
                .isInstanceOfSatisfying(IdempotencyKeyReusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.isTransient()).isFalse();
                });
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void aWriteThatStaysUnavailableEndsAsAnUnknownOutcomeCarryingTheKey() {
        proxy.inject(10, UNAVAILABLE);

        assertThatThrownBy(() -> ns.put("k", new Counter(1)))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(ServiceUnavailableException.class);
                    assertThat(e.idempotencyKey()).map(IdempotencyKey::headerValue).contains(keysOfWrites().get(0));
                });
        assertThat(keysOfWrites()).hasSize(FAST.maxAttempts()).containsOnly(keysOfWrites().get(0));
    }

    @Test
    void aWriteWhoseAnswersAreAllLostEndsAsAnUnknownOutcome() {
        proxy.inject(10, RESET_AFTER_FORWARDING);

        assertThatThrownBy(() -> ns.delete("k"))
                .isInstanceOfSatisfying(WriteOutcomeUnknownException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(ConnectionFailedException.class));
        assertThat(keysOfWrites()).hasSize(FAST.maxAttempts()).containsOnly(keysOfWrites().get(0));
    }

    @Test
    void aWriteThatNeverReachedTheServiceIsAConnectionFailureNotAnUnknownOutcome() {
        try (StateClient nowhere = StateClient.builder().auth(TestStack.get().auth()).endpoint(java.net.URI.create("http://127.0.0.1:" + freePort()))
                .retryPolicy(FAST).build()) {
            assertThatThrownBy(() -> nowhere.namespace("x").put("k", new Counter(1)))
                    .isInstanceOfSatisfying(ConnectionFailedException.class,
                            e -> assertThat(e.requestMayHaveArrived()).isFalse());
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
