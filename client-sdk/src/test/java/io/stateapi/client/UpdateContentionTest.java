package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.support.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The compare-and-set loop under contention: many writers on one key lose no update. */
class UpdateContentionTest {

    record Counter(long count) {
    }

    private static final int THREADS = 8;
    private static final int INCREMENTS = 50;

    /**
     * Eight writers hammering one key is far beyond ordinary contention: a writer can lose the
     * race many times in a row, so the bound on attempts is raised from the default 20. Whatever
     * the bound, exceeding it writes nothing (UpdateContentionException); it never loses an update.
     */
    private static final RetryPolicy HAMMERING = RetryPolicy.builder().maxUpdateAttempts(200).build();

    @Test
    void eightThreadsIncrementingOneKeyFiftyTimesEachLoseNoUpdate() throws Exception {
        try (StateClient client = StateClient.builder().auth(TestStack.get().auth()).endpoint(TestStack.get().apiEndpoint())
                .retryPolicy(HAMMERING).build()) {
            StateNamespace counters = client.namespace(TestStack.uniqueNamespace("contention"));
            counters.create("hits", new Counter(0));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < INCREMENTS; i++) {
                            counters.update("hits", Counter.class, c -> new Counter(c.count() + 1));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> worker : workers) {
                    worker.get();
                }
            }

            Versioned<Counter> end = counters.get("hits", Counter.class);
            assertThat(end.value().count()).isEqualTo(THREADS * INCREMENTS);
            assertThat(end.version()).isEqualTo(1 + THREADS * INCREMENTS);
        }
    }

    @Test
    void concurrentUpdateOrCreateOfAnAbsentKeyCreatesItOnceAndLosesNoUpdate() throws Exception {
        try (StateClient client = StateClient.builder().auth(TestStack.get().auth()).endpoint(TestStack.get().apiEndpoint())
                .retryPolicy(HAMMERING).build()) {
            StateNamespace counters = client.namespace(TestStack.uniqueNamespace("contention-create"));
            List<Future<?>> workers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (int t = 0; t < 4; t++) {
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            counters.updateOrCreate("hits", Counter.class, () -> new Counter(0), c -> new Counter(c.count() + 1));
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
            }

            Versioned<Counter> end = counters.get("hits", Counter.class);
            assertThat(end.value().count()).isEqualTo(20);
            assertThat(end.version()).isEqualTo(20);
        }
    }

    @Test
    void concurrentAsyncUpdatesLoseNoUpdateEither() {
        try (StateClient client = StateClient.builder().auth(TestStack.get().auth()).endpoint(TestStack.get().apiEndpoint())
                .retryPolicy(HAMMERING).build()) {
            AsyncStateNamespace counters = client.asyncNamespace(TestStack.uniqueNamespace("contention-async"));
            counters.create("hits", new Counter(0)).join();

            List<CompletableFuture<Versioned<Counter>>> updates = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                updates.add(counters.update("hits", Counter.class, c -> new Counter(c.count() + 1)));
            }
            CompletableFuture.allOf(updates.toArray(CompletableFuture[]::new)).join();

            assertThat(counters.get("hits", Counter.class).join().value().count()).isEqualTo(40);
        }
    }
}
