package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.support.TestStack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The compare-and-set loop under contention: many writers on one key lose no update. */
class UpdateContentionTest {

    record Counter(long count) {
    }

    /**
     * Exceeding the bound on attempts writes nothing (UpdateContentionException) and never loses an
     * update; the tests that race on purpose raise it above the default 100 so that a rare long
     * losing streak (ADR 0042: P ~ 0.72^k at 8 writers) cannot fail them for the wrong reason.
     */
    private static final RetryPolicy HAMMERING = RetryPolicy.builder().maxUpdateAttempts(200).build();

    /**
     * 8 threads, one client, a namespace object each (updates through one object take turns and
     * never race), 50 updates each, ending at exactly 400: issue 5's check, at its size (about
     * 3,000 requests; docs/performance.md). At 8 writers about 3 of 4 attempts lose a race (ADR
     * 0042); with the compare-and-set made unconditional 80 such updates ended at 13. Issue 13's
     * 8 x 25 with clients of their own is the next test.
     */
    @Test
    void eightThreadsSharingAClientLoseNoUpdateAndGetContiguousVersions() throws Exception {
        try (StateClient client = TestStack.get().client().retryPolicy(HAMMERING).build()) {
            StateNamespace counters = client.namespace(TestStack.uniqueNamespace("contention"));
            counters.create("hits", new Counter(0));
            List<StateNamespace> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                writers.add(client.namespace(counters.name()));
            }

            List<Long> versions = incrementConcurrently(writers, 50);

            assertEndsAtEveryIncrementWithContiguousVersions(counters, versions, 400);
        }
    }

    /**
     * Issue 13: 8 writers x 25 {@code update} calls on one key, with default settings, each writer
     * with a client of its own (as separate processes): they race over HTTP, and none may give up
     * with {@code UpdateContentionException} (8 writers are within the documented limit; with the
     * former default of 20 attempts one did in about one run of two). Every commit is one
     * increment, so the versions the calls got back are exactly 2..201 (1 is the create), each once.
     */
    @Test
    void eightWritersWithClientsOfTheirOwnAndDefaultSettingsAllSucceedWithContiguousVersions() throws Exception {
        String namespace = TestStack.uniqueNamespace("contention-defaults");
        List<StateClient> clients = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                clients.add(TestStack.get().client().build());
            }
            clients.get(0).namespace(namespace).create("hits", new Counter(0));

            List<Long> versions = incrementConcurrently(clients.stream().map(c -> c.namespace(namespace)).toList(), 25);

            assertEndsAtEveryIncrementWithContiguousVersions(clients.get(0).namespace(namespace), versions, 200);
        } finally {
            clients.forEach(StateClient::close);
        }
    }

    /**
     * The program a user writes from the README: one client, one namespace object, 8 threads x 25
     * {@code update} calls on one key. Its updates take turns, so none of them loses a race (no
     * 412 at all), and the versions are contiguous.
     */
    @Test
    void updatesOfOneKeyThroughOneNamespaceObjectTakeTurnsAndNeverConflict() throws Exception {
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        RequestListener listener = new RequestListener() {
            @Override
            public void attemptFinished(Attempt attempt) {
                statuses.computeIfAbsent(attempt.status(), s -> new LongAdder()).increment();
            }
        };
        try (StateClient client = TestStack.get().client().listener(listener).build()) {
            StateNamespace counters = client.namespace(TestStack.uniqueNamespace("contention-turns"));
            counters.create("hits", new Counter(0));

            List<Long> versions = incrementConcurrently(Collections.nCopies(8, counters), 25);

            assertEndsAtEveryIncrementWithContiguousVersions(counters, versions, 200);
            assertThat(statuses).doesNotContainKey(412);
        }
    }

    /** One thread per namespace object, all released at once, each calling update {@code updates} times. */
    private static List<Long> incrementConcurrently(List<StateNamespace> writers, int updates) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Long> versions = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers.size())) {
            for (StateNamespace writer : writers) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < updates; i++) {
                        versions.add(writer.update("hits", Counter.class, c -> new Counter(c.count() + 1)).version());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();  // rethrows a writer's UpdateContentionException
            }
        }
        return versions;
    }

    private static void assertEndsAtEveryIncrementWithContiguousVersions(StateNamespace counters, List<Long> versions,
                                                                         int increments) {
        Versioned<Counter> end = counters.get("hits", Counter.class);
        assertThat(end.value().count()).isEqualTo(increments);
        assertThat(end.version()).isEqualTo(1 + increments);
        assertThat(versions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(2, 1 + increments).boxed().toList());
    }

    @Test
    void concurrentUpdateOrCreateOfAnAbsentKeyCreatesItOnceAndLosesNoUpdate() throws Exception {
        try (StateClient client = TestStack.get().client().retryPolicy(HAMMERING).build()) {
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
        try (StateClient client = TestStack.get().client().retryPolicy(HAMMERING).build()) {
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
