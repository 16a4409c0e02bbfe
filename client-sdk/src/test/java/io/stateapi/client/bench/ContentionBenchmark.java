package io.stateapi.client.bench;

import io.stateapi.client.Auth;
import io.stateapi.client.RequestListener;
import io.stateapi.client.StateClient;
import io.stateapi.client.StateNamespace;
import io.stateapi.client.exceptions.UpdateContentionException;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.local.bench.Samples;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Goodput of {@code update} (the SDK's compare-and-set loop, default settings) with 1, 2, 4 and 8
 * writers on one key ({@code make bench}, issue 13, ADR 0042); not a test, and in the SDK's test
 * sources so that it ships in no artifact. Each writer is a thread with a client of its own (as
 * separate processes would be) calling {@code update} on the same key, one increment at a time,
 * for {@value #SECONDS_DEFAULT} s (system property {@code bench.contentionSeconds}); goodput is
 * the successful updates per second of all writers together. The function counts its own applications, so a call's lost races are its
 * applications minus one; "max lost in a row" is the most any one call lost before it committed,
 * and r fits their tail, P(lose k in a row) ~ r^k (a geometric law; r = mean / (1 + mean)).
 * The final value is checked against the successes (no lost update). Every writer count runs
 * {@code bench.contentionRounds} times (default 2), interleaved, so that the ratio 8:1 is taken
 * within one run of the same machine and its spread is shown. Second in each round comes the
 * README's program: 8 threads sharing one client and one namespace object, whose updates take turns.
 */
public final class ContentionBenchmark {

    private static final int SECONDS_DEFAULT = 15;
    private static final int SECONDS = Integer.getInteger("bench.contentionSeconds", SECONDS_DEFAULT);
    private static final int ROUNDS = Integer.getInteger("bench.contentionRounds", 2);
    private static final int[] WRITERS = Arrays.stream(System.getProperty("bench.contentionWriters", "1,2,4,8")
            .split(",")).mapToInt(Integer::parseInt).toArray();
    private static final String TENANT = "bench";

    record Counter(long count) {
    }

    record Run(int writers, boolean shared, long updates, double seconds, int maxLostInARow, double tailRatio, long contentionFailures,
               long conflicts, long unavailable, long lost, long requests) {

        double goodput() {
            return updates / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        LocalIssuer issuer = LocalIssuer.inMemory();
        String token = issuer.token(TokenGrant.of(TENANT, "state:read state:write").lasting(Duration.ofHours(2)));
        ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        RequestListener listener = new RequestListener() {
            @Override
            public void attemptFinished(Attempt attempt) {
                statuses.computeIfAbsent(attempt.status(), s -> new LongAdder()).increment();
            }
        };
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, StateApiResources.forEnvironment("bench-contention"), 0, issuer);
             StateClient client = StateClient.builder().endpoint(stack.apiEndpoint()).auth(Auth.bearer(token))
                     .listener(listener).build()) {
            stack.expirySweeps().setEnabled(false);
            StateNamespace ns = client.namespace("bench-contention");
            ns.create("warmup", new Counter(0));
            for (int i = 0; i < 50; i++) {
                ns.update("warmup", Counter.class, c -> new Counter(c.count() + 1));
            }
            System.out.printf("contention: update (default RetryPolicy) on one key, %d s per run, %d rounds%n",
                    SECONDS, ROUNDS);
            List<Run> runs = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (int w = 0; w <= WRITERS.length; w++) {
                    // Second, right after one writer (the machine's load drifts): the README's program,
                    // the most writers as threads sharing one namespace object.
                    boolean shared = w == 1;
                    int writers = shared ? WRITERS[WRITERS.length - 1] : WRITERS[w == 0 ? 0 : w - 1];
                    statuses.clear();
                    Run run = run(ns, "r" + round + "w" + writers + (shared ? "shared" : ""), writers, statuses,
                            shared ? null : () -> StateClient.builder().endpoint(stack.apiEndpoint())
                                    .auth(Auth.bearer(token)).listener(listener).build());
                    runs.add(run);
                    System.out.printf("  round %d, %s: %.1f updates/s, max lost in a row %d, %d gave up%n",
                            round + 1, label(run), run.goodput(), run.maxLostInARow(), run.contentionFailures());
                    System.out.flush();
                }
            }
            System.out.println();
            Samples.header("writers on one key", "goodput (updates/s)", "vs 1 writer", "max lost in a row",
                    "r: P(lose k in a row) ~ r^k", "gave up", "412s per update", "requests per update", "503s",
                    "lost updates");
            int perRound = WRITERS.length + 1;
            for (int round = 0; round < ROUNDS; round++) {
                double one = runs.get(round * perRound).goodput();
                for (int w = 0; w < perRound; w++) {
                    Run r = runs.get(round * perRound + w);
                    System.out.printf("| %s (round %d) | %.1f | %.2fx | %d | %.2f | %d | %.1f | %.1f | %d | %d |%n",
                            label(r), round + 1, r.goodput(), r.goodput() / one, r.maxLostInARow(), r.tailRatio(),
                            r.contentionFailures(), r.conflicts() / (double) Math.max(1, r.updates()),
                            r.requests() / (double) Math.max(1, r.updates()), r.unavailable(), r.lost());
                }
            }
        }
        System.exit(0);
    }

    private static String label(Run run) {
        return run.writers() + (run.shared() ? " threads, one namespace object (turns)"
                : run.writers() == 1 ? " writer" : " writers, a client each");
    }

    /**
     * {@code writers} threads updating one fresh key for {@link #SECONDS} s, each with a client of
     * its own from {@code clients}, or all through {@code ns} when {@code clients} is null.
     */
    private static Run run(StateNamespace ns, String key, int writers, ConcurrentHashMap<Integer, LongAdder> statuses,
                           Supplier<StateClient> clients) throws Exception {
        ns.create(key, new Counter(0));
        List<StateClient> own = new ArrayList<>();
        for (int t = 0; clients != null && t < writers; t++) {
            own.add(clients.get());
        }
        LongAdder updates = new LongAdder();
        LongAdder failures = new LongAdder();
        AtomicInteger maxLost = new AtomicInteger();
        AtomicLongArray lossHistogram = new AtomicLongArray(201);
        CountDownLatch start = new CountDownLatch(1);
        long[] window = new long[2];
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int t = 0; t < writers; t++) {
                StateNamespace mine = clients == null ? ns : own.get(t).namespace(ns.name());
                mine.get(key, Counter.class);  // connection open before the clock starts
                workers.add(pool.submit(() -> {
                    start.await();
                    long deadline = window[0] + Duration.ofSeconds(SECONDS).toNanos();
                    while (System.nanoTime() < deadline) {
                        AtomicInteger applications = new AtomicInteger();
                        try {
                            mine.update(key, Counter.class, c -> {
                                applications.incrementAndGet();
                                return new Counter(c.count() + 1);
                            });
                            updates.increment();
                        } catch (UpdateContentionException e) {
                            failures.increment();  // counted, not fatal: the figure is how often it happens
                        }
                        maxLost.accumulateAndGet(applications.get() - 1, Math::max);
                        lossHistogram.incrementAndGet(Math.min(200, applications.get() - 1));
                    }
                    return null;
                }));
            }
            window[0] = System.nanoTime();
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
            window[1] = System.nanoTime();
        }
        own.forEach(StateClient::close);
        StringBuilder h = new StringBuilder("    calls by races lost before committing:");
        long calls = 0;
        long losses = 0;
        for (int i = 0; i <= 200; i++) {
            if (lossHistogram.get(i) > 0) {
                h.append(' ').append(i).append('x').append(lossHistogram.get(i));
                calls += lossHistogram.get(i);
                losses += i * lossHistogram.get(i);
            }
        }
        System.out.println(h);
        // The losses per call are about geometric, P(lose k in a row) ~ r^k; r from their mean (ADR 0042).
        double mean = losses / (double) Math.max(1, calls);
        long stored = ns.get(key, Counter.class).value().count();
        // Every request the writers sent (reads, refused and committed writes; ADR 0051 saves reads).
        long requests = statuses.values().stream().mapToLong(LongAdder::sum).sum();
        return new Run(writers, clients == null, updates.sum(), (window[1] - window[0]) / 1e9, maxLost.get(), mean / (1 + mean),
                failures.sum(), count(statuses, 412), count(statuses, 503), updates.sum() - stored, requests);
    }

    private static long count(ConcurrentHashMap<Integer, LongAdder> statuses, int status) {
        LongAdder adder = statuses.get(status);
        return adder == null ? 0 : adder.sum();
    }

    private ContentionBenchmark() {
    }
}
