package io.stateapi.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClosedLoopLoadTest {

    private static final int KEYS = 7;

    @Test
    void sendsFourReadsPerWriteOnKeysItWasGiven() throws Exception {
        AtomicLong reads = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        Set<Integer> keys = ConcurrentHashMap.newKeySet();
        ClosedLoopLoad load = new ClosedLoopLoad(KEYS,
                key -> { keys.add(key); reads.incrementAndGet(); Thread.sleep(1); },
                key -> { keys.add(key); writes.incrementAndGet(); Thread.sleep(1); });

        int clients = 3;
        load.run("mix", clients, 0, 0.3);

        long total = reads.get() + writes.get();
        // Each client runs the same cycle of four reads and a write from its own starting point,
        // so it is at most one write away from a fifth of what it sent.
        assertThat(writes.get()).isBetween(total / 5 - clients, total / 5 + clients);
        assertThat(keys).isNotEmpty().allMatch(key -> key >= 0 && key < KEYS);
    }

    @Test
    void countsOnlyRequestsAnsweredInTheMeasuredTime() throws Exception {
        AtomicLong sent = new AtomicLong();
        ClosedLoopLoad.Request slow = key -> { sent.incrementAndGet(); Thread.sleep(20); };
        ClosedLoopLoad load = new ClosedLoopLoad(KEYS, slow, slow);

        ClosedLoopLoad.Result result = load.run("window", 1, 0.4, 0.1);

        // A request takes at least 20 ms, so at most 6 are answered in the measured 0.1 s (one sent
        // in the warm-up may end in it), however slow the machine; the warm-up's must not count.
        assertThat(result.requests()).isBetween(1L, 6L).isLessThan(sent.get());
        assertThat(result.latencies().count()).isEqualTo(result.requests());
        assertThat(result.perSecond()).isEqualTo(result.requests() / 0.1);
    }

    @Test
    void countsFailedRequestsApartAndLeavesThemOutOfTheRateAndTheLatencies() throws Exception {
        ClosedLoopLoad load = new ClosedLoopLoad(KEYS,
                key -> Thread.sleep(1),
                key -> { Thread.sleep(1); throw new IllegalStateException("PUT answered 500"); });

        ClosedLoopLoad.Result result = load.run("failures", 2, 0, 0.5);

        assertThat(result.failures()).isPositive();
        assertThat(result.requests()).isPositive();
        assertThat(result.latencies().count()).isEqualTo(result.requests());
    }
}
