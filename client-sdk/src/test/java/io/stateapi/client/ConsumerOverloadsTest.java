package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.client.exceptions.ServiceUnavailableException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.ProxiedNamespace;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every option that takes a built value also takes a {@code Consumer} of its builder, and the two
 * behave the same: the consumer starts from a fresh builder (ADR 0035).
 */
class ConsumerOverloadsTest {

    record Cart(int items) {
    }

    private ProxiedNamespace fixture;

    @BeforeEach
    void start() {
        fixture = ProxiedNamespace.start("consumer", RetryPolicy.defaults(), b -> b);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aReadWithOptionsBuiltInPlaceSendsWhatTheBuiltOptionsSend() {
        StateNamespace ns = fixture.proxied();
        ns.put("k", new Cart(1));
        fixture.proxy().clear();

        ns.get("k", Cart.class, ReadOptions.builder().consistency(Consistency.EVENTUAL).build());
        ns.get("k", Cart.class, o -> o.consistency(Consistency.EVENTUAL));
        ns.find("k", Cart.class, o -> o.consistency(Consistency.EVENTUAL));
        ns.async().get("k", Cart.class, o -> o.consistency(Consistency.EVENTUAL)).join();

        assertThat(fixture.proxy().exchanges()).extracting(FaultProxy.Exchange::target)
                .hasSize(4).allSatisfy(target -> assertThat(target).endsWith("?consistency=eventual"));
    }

    @Test
    void aWriteWithOptionsBuiltInPlaceKeepsItsPrecondition() {
        StateNamespace ns = fixture.proxied();
        ns.put("k", new Cart(1));

        assertThatThrownBy(() -> ns.put("k", new Cart(2), o -> o.ifVersion(3)))
                .isInstanceOf(VersionConflictException.class);
        assertThat(ns.put("k", new Cart(2), o -> o.ifVersion(1)).version()).isEqualTo(2);
        assertThat(ns.async().put("k", new Cart(3), o -> o.ifVersion(2)).join().version()).isEqualTo(3);
        assertThatThrownBy(() -> ns.delete("k", o -> o.ifVersion(1))).isInstanceOf(VersionConflictException.class);

        ns.delete("k", o -> o.ifVersion(3));

        assertThat(ns.find("k", Cart.class)).isEmpty();
    }

    @Test
    void aWriteWithATimeToLiveBuiltInPlaceSendsIt() {
        fixture.proxied().put("k", new Cart(1), o -> o.ttl(Duration.ofHours(1)).idempotencyKey("consumer-ttl-1"));

        assertThat(fixture.proxy().exchanges()).singleElement().satisfies(exchange -> {
            assertThat(new String(exchange.body())).contains("\"ttlSeconds\":3600");
            assertThat(exchange.header("Idempotency-Key")).contains("consumer-ttl-1");
        });
    }

    @Test
    void optionsBuiltInPlaceEqualTheBuiltOnes() {
        assertThat(WriteOptions.from(o -> o.ifVersion(3).ttl(Duration.ofMinutes(5))).toString())
                .isEqualTo(WriteOptions.builder().ifVersion(3).ttl(Duration.ofMinutes(5)).build().toString());
        assertThat(ReadOptions.from(o -> o.consistency(Consistency.EVENTUAL)).consistency())
                .isEqualTo(Consistency.EVENTUAL);
        assertThat(RetryPolicy.from(r -> r.maxAttempts(2)).toString())
                .isEqualTo(RetryPolicy.builder().maxAttempts(2).build().toString());
        assertThat(NamespaceSettings.from(s -> s.defaultTtl(Duration.ofDays(1))))
                .isEqualTo(NamespaceSettings.builder().defaultTtl(Duration.ofDays(1)).build());
    }

    @Test
    void theClientBuilderTakesItsOptionsBuiltInPlace() {
        try (StateClient client = TestStack.get().client(fixture.proxy().endpoint())
                .retryPolicy(r -> r.maxAttempts(2).baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)))
                .timeouts(t -> t.call(Duration.ofSeconds(7)))
                .build()) {
            fixture.proxy().inject(FaultProxy.Fault.UNAVAILABLE, FaultProxy.Fault.UNAVAILABLE);

            assertThatThrownBy(() -> client.namespace(fixture.proxied().name()).get("k", Cart.class))
                    .isInstanceOf(ServiceUnavailableException.class);

            assertThat(fixture.proxy().exchanges()).hasSize(2);
            assertThat(client.timeouts().call()).isEqualTo(Duration.ofSeconds(7));
            assertThat(client.timeouts().connect()).isEqualTo(Timeouts.defaults().connect());
        }
    }

    @Test
    void aNamespaceTakesARetryPolicyBuiltInPlace() {
        StateNamespace once = fixture.proxied().withRetryPolicy(r -> r.maxAttempts(1));
        fixture.proxy().inject(FaultProxy.Fault.UNAVAILABLE);

        assertThatThrownBy(() -> once.get("k", Cart.class))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(fixture.proxy().exchanges()).hasSize(1);
    }

    @Test
    void aNamespaceIsCreatedWithSettingsBuiltInPlace() {
        String name = TestStack.uniqueNamespace("consumer-settings");

        NamespaceInfo info = fixture.directClient().namespaces().create(name, s -> s.defaultTtl(Duration.ofDays(2)));

        assertThat(info.settings().defaultTtl()).hasValue(Duration.ofDays(2));
    }
}
