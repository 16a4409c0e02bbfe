package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.ProxiedNamespace;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code update} after a lost compare-and-set race goes on from the current state the 412
 * carried (ADR 0051): no second read. The requests are counted as they cross a real HTTP proxy
 * in front of the local stack; another client wins the race from inside the update's function.
 */
class UpdateAfterALostRaceTest {

    record Counter(long count) {
    }

    @Test
    void updateAfterALostRaceWritesAgainWithoutAnotherRead() {
        try (ProxiedNamespace fixture = ProxiedNamespace.start("lost-race", RetryPolicy.defaults(), b -> b)) {
            fixture.direct().put("hits", new Counter(1));
            AtomicInteger calls = new AtomicInteger();

            Versioned<Counter> updated = fixture.proxied().update("hits", Counter.class, c -> {
                if (calls.getAndIncrement() == 0) {
                    fixture.direct().put("hits", new Counter(100)); // wins the race: version 2
                }
                return new Counter(c.count() + 1);
            });

            assertThat(updated.value().count()).isEqualTo(101);
            assertThat(updated.version()).isEqualTo(3);
            assertThat(calls.get()).isEqualTo(2);
            assertThat(requests(fixture.proxy())).containsExactly("GET 200", "PUT 412", "PUT 200");
            assertThat(fixture.direct().get("hits", Counter.class).value().count()).isEqualTo(101);
        }
    }

    @Test
    void updateOrCreateThatLosesTheCreateGoesOnFromTheWinnersValue() {
        try (ProxiedNamespace fixture = ProxiedNamespace.start("lost-create", RetryPolicy.defaults(), b -> b)) {
            AtomicInteger calls = new AtomicInteger();

            Versioned<Counter> updated = fixture.proxied().updateOrCreate("hits", Counter.class, () -> new Counter(0),
                    c -> {
                        if (calls.getAndIncrement() == 0) {
                            fixture.direct().put("hits", new Counter(10)); // created first by another writer
                        }
                        return new Counter(c.count() + 1);
                    });

            assertThat(updated.value().count()).isEqualTo(11);
            assertThat(requests(fixture.proxy())).containsExactly("GET 404", "PUT 412", "PUT 200");
        }
    }

    @Test
    void aVersionConflictShowsTheCurrentStateToACallerThatMayReadIt() {
        try (ProxiedNamespace fixture = ProxiedNamespace.start("conflict-state", RetryPolicy.defaults(), b -> b)) {
            fixture.direct().put("hits", new Counter(1));
            fixture.direct().put("hits", new Counter(2));

            VersionConflictException conflict = catchThrowableOfType(VersionConflictException.class,
                    () -> fixture.proxied().put("hits", new Counter(3), IfVersion.of(1)));

            assertThat(conflict.currentVersion()).hasValue(2);
            assertThat(conflict.currentState()).hasValueSatisfying(state -> {
                assertThat(state.version()).isEqualTo(2);
                assertThat(state.value().get("count").asLong()).isEqualTo(2);
            });
        }
    }

    private static List<String> requests(FaultProxy proxy) {
        return proxy.exchanges().stream().map(e -> e.method() + " " + e.status()).toList();
    }
}
