package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.exceptions.CounterOverflowException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.NotANumberException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counters and expiry changes (ADR 0034) through the SDK, against the local stack. */
class CountersAndExpiryTest {

    private static StateClient client;
    private StateNamespace stats;

    @BeforeAll
    static void startClient() {
        client = TestStack.get().client().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @BeforeEach
    void namespace() {
        stats = client.namespace(TestStack.uniqueNamespace("counters"));
    }

    @Test
    void incrementCreatesFromZeroAndReturnsTheNewNumberAndVersion() {
        Versioned<Long> first = stats.increment("hits/home", 5);
        Versioned<Long> second = stats.increment("hits/home", -2);

        assertThat(first.value()).isEqualTo(5L);
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.value()).isEqualTo(3L);
        assertThat(second.version()).isEqualTo(2);
        assertThat(stats.decrement("hits/home", 4).value()).isEqualTo(-1L);
        assertThat(stats.get("hits/home", Long.class).value()).isEqualTo(-1L);
    }

    @Test
    void aValuePutAsAnIntegerCanBeIncremented() {
        stats.put("big", 9_007_199_254_740_990L);

        assertThat(stats.increment("big", 1).value()).isEqualTo(9_007_199_254_740_991L);
        assertThatThrownBy(() -> stats.increment("big", 1))
                .isInstanceOfSatisfying(CounterOverflowException.class,
                        e -> assertThat(e.currentVersion()).hasValue(2));
    }

    @Test
    void anIncrementOfANonNumberIsNotANumberException() {
        stats.put("cart", Map.of("items", List.of()));

        assertThatThrownBy(() -> stats.increment("cart", 1))
                .isInstanceOfSatisfying(NotANumberException.class, e -> assertThat(e.currentVersion()).hasValue(1));
    }

    @Test
    void incrementWithIfVersionCommitsOnlyAtThatVersion() {
        stats.increment("cas", 1);

        assertThat(stats.increment("cas", 1, o -> o.ifVersion(1)).version()).isEqualTo(2);
        assertThatThrownBy(() -> stats.increment("cas", 1, o -> o.ifVersion(1)))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).hasValue(2));
        assertThatThrownBy(() -> stats.increment("cas", 1, o -> o.ttl(Duration.ofSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentAsyncIncrementsLoseNothing() {
        List<CompletableFuture<Versioned<Long>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(stats.async().increment("async", 2));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        assertThat(all).extracting(f -> f.join().value()).doesNotHaveDuplicates();
        assertThat(stats.get("async", Long.class).value()).isEqualTo(16L);
        assertThat(stats.get("async", Long.class).version()).isEqualTo(8);
    }

    @Test
    void expireAndPersistChangeOnlyTheExpiry() {
        stats.put("session", Map.of("user", "ana"), WriteOptions.builder().ttl(Duration.ofSeconds(60)).build());

        Versioned<JsonNode> extended = stats.expire("session", Duration.ofDays(1));
        Versioned<JsonNode> persisted = stats.persist("session", o -> o.ifVersion(2));

        assertThat(extended.version()).isEqualTo(2);
        assertThat(extended.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(extended.value().path("user").asText()).isEqualTo("ana");
        assertThat(persisted.version()).isEqualTo(3);
        assertThat(persisted.expiry()).isEmpty();
        assertThat(stats.get("session", JsonNode.class).expiry()).isEmpty();
        assertThat(stats.async().expire("session", Duration.ofSeconds(30)).join().version()).isEqualTo(4);
    }

    @Test
    void expireOfAMissingKeyIsKeyNotFound() {
        stats.put("present", 1);

        assertThatThrownBy(() -> stats.expire("absent", Duration.ofMinutes(1))).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> stats.expire("present", Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
