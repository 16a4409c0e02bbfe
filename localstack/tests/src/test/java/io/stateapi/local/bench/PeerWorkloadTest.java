package io.stateapi.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.local.TestStack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The peer benchmark's workload counts what it claims to: lost updates, conflicts, and the store's ETags. */
class PeerWorkloadTest {

    private static final int INCREMENTS = 40;

    @Test
    void countsTheIncrementsAStoreAcknowledgedButDidNotKeepAsLost() throws Exception {
        PeerFigures figures = new PeerWorkload(0, 1, INCREMENTS, List.of(1))
                .run("drops every other write", new InMemoryStore(true), "k");

        PeerFigures.Goodput one = figures.goodputOf(1);
        assertThat(one.increments()).isEqualTo(INCREMENTS);
        assertThat(one.lost()).isEqualTo(INCREMENTS / 2);
    }

    @Test
    void eightCompareAndSetWritersOnOneKeyLoseNothingAndEachIncrementCommitsOnce() throws Exception {
        PeerFigures figures = new PeerWorkload(0, 1, INCREMENTS, List.of(8))
                .run("compare-and-set", new InMemoryStore(false), "k");

        PeerFigures.Goodput eight = figures.goodputOf(8);
        assertThat(eight.increments()).isEqualTo(INCREMENTS);
        assertThat(eight.lost()).isZero();
        assertThat(eight.attempts()).isGreaterThanOrEqualTo(INCREMENTS);
    }

    @Test
    void theStoreAdapterRefusesAStaleVersionAsAMismatchNotAnError() throws Exception {
        TestStack stack = TestStack.shared();
        PeerClient store = new StorePeer(DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES),
                TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("peer")));
        store.set("counter", "1");
        String stale = store.get("counter").orElseThrow().etag();

        assertThat(store.setIfMatch("counter", "2", stale)).isTrue();
        assertThat(store.setIfMatch("counter", "3", stale)).isFalse();
        assertThat(store.get("counter").orElseThrow().json()).isEqualTo("2");
    }

    @Test
    void readsTheGoDriversResult() {
        PeerFigures figures = PeerFigures.fromJson("""
                {"side": "Dapr", "version": "v", "samples": 500, "warmup": 200,
                 "latency": {"get": {"p50_ms": 2.5, "p99_ms": 9.25, "n": 500},
                             "set": {"p50_ms": 3, "p99_ms": 10, "n": 500},
                             "set_etag": {"p50_ms": 3.5, "p99_ms": 11, "n": 500}},
                 "goodput": [{"writers": 8, "increments": 200, "attempts": 870, "seconds": 12.5,
                              "per_second": 16, "lost": 0, "longest_losing_streak": 14}]}
                """);

        assertThat(figures.latency().get("get")).isEqualTo(new PeerFigures.Latency(2.5, 9.25, 500));
        assertThat(figures.goodputOf(8)).isEqualTo(new PeerFigures.Goodput(8, 200, 870, 12.5, 16, 0, 14));
    }

    /** A store with a version per key; {@code dropsEveryOtherWrite} acknowledges half the writes without keeping them. */
    private static final class InMemoryStore implements PeerClient {

        private final Map<String, Versioned> values = new HashMap<>();
        private final boolean dropsEveryOtherWrite;
        private long writes;
        private long conditionalWrites;

        InMemoryStore(boolean dropsEveryOtherWrite) {
            this.dropsEveryOtherWrite = dropsEveryOtherWrite;
        }

        @Override
        public synchronized void set(String key, String json) {
            values.put(key, new Versioned(json, Long.toString(++writes)));
        }

        @Override
        public synchronized Optional<Versioned> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public synchronized boolean setIfMatch(String key, String json, String etag) {
            if (!values.get(key).etag().equals(etag)) {
                return false;
            }
            if (dropsEveryOtherWrite && ++conditionalWrites % 2 == 0) {
                return true;
            }
            set(key, json);
            return true;
        }
    }
}
