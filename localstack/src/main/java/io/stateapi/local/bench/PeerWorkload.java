package io.stateapi.local.bench;

import io.stateapi.local.bench.PeerFigures.Goodput;
import io.stateapi.local.bench.PeerFigures.Latency;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workload of {@link PeerBenchmark}, the same as the Go driver's (localstack/bench/dapr,
 * measure.go) step for step, so the figures of every side compare: latency of get, set and set
 * with the ETag just read on one existing key, then compare-and-set increments of one counter key
 * by 1 and by N writers (read with the ETag, write value+1 with it, on a mismatch read again at
 * once, no backoff), with the lost updates counted against the final value.
 */
final class PeerWorkload {

    /** The latency figures, in the order they are measured and printed (the driver's names). */
    static final List<String> OPERATIONS = List.of("get", "set", "set_etag");

    /** The document every latency figure writes (the driver writes the same). */
    static final String VALUE = "{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}";

    private final int warmup;
    private final int samples;
    private final int increments;
    private final List<Integer> writers;

    PeerWorkload(int warmup, int samples, int increments, List<Integer> writers) {
        this.warmup = warmup;
        this.samples = samples;
        this.increments = increments;
        this.writers = List.copyOf(writers);
    }

    /** Every figure of one side; {@code keys} prefixes its keys so no two rounds share one. */
    PeerFigures run(String side, PeerClient client, String keys) throws Exception {
        Map<String, Latency> latency = latencies(client, keys + "-lat");
        List<Goodput> goodput = new ArrayList<>();
        for (int n : writers) {
            goodput.add(goodput(client, keys + "-cas-" + n, n));
        }
        return new PeerFigures(side, latency, goodput, client.refusals());
    }

    private interface Call {
        void run() throws Exception;
    }

    /** One round; only what it hands to {@code timed} is timed. */
    private interface Round {
        void run(Timed timed) throws Exception;
    }

    private interface Timed {
        void time(Call call) throws Exception;
    }

    private Map<String, Latency> latencies(PeerClient client, String key) throws Exception {
        client.set(key, VALUE);
        Map<String, Latency> figures = new LinkedHashMap<>();
        figures.put("get", measure(timed -> timed.time(() -> client.get(key).orElseThrow())));
        figures.put("set", measure(timed -> timed.time(() -> client.set(key, VALUE))));
        // Dapr's Set does not answer with the new ETag, so each set with an ETag reads it first,
        // untimed, on every side alike: the figure is the conditional write alone.
        figures.put("set_etag", measure(timed -> {
            String etag = client.get(key).orElseThrow().etag();
            timed.time(() -> {
                if (!client.setIfMatch(key, VALUE, etag)) {
                    throw new IllegalStateException("set with the ETag just read was refused: " + key);
                }
            });
        }));
        return figures;
    }

    private Latency measure(Round round) throws Exception {
        long[] nanos = new long[samples];
        for (int i = 0; i < warmup + samples; i++) {
            int sample = i - warmup;
            round.run(call -> {
                long start = System.nanoTime();
                call.run();
                if (sample >= 0) {
                    nanos[sample] = System.nanoTime() - start;
                }
            });
        }
        Arrays.sort(nanos);
        return new Latency(Samples.percentile(nanos, 0.50), Samples.percentile(nanos, 0.99), samples);
    }

    private Goodput goodput(PeerClient client, String key, int writerCount) throws Exception {
        client.set(key, "0");
        AtomicLong committed = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        AtomicLong longest = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(writerCount)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writerCount; w++) {
                int share = increments / writerCount + (w < increments % writerCount ? 1 : 0);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        long tries = increment(client, key);
                        committed.incrementAndGet();
                        attempts.addAndGet(tries);
                        longest.accumulateAndGet(tries - 1, Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long last = Long.parseLong(client.get(key).orElseThrow().json());
        return new Goodput(writerCount, committed.get(), attempts.get(), seconds, committed.get() / seconds,
                committed.get() - last, longest.get());
    }

    /** Commits value+1 under the ETag it read; how many writes that took. */
    private static long increment(PeerClient client, String key) throws Exception {
        for (long tries = 1; ; tries++) {
            PeerClient.Versioned read = client.get(key).orElseThrow();
            if (client.setIfMatch(key, Long.toString(Long.parseLong(read.json()) + 1), read.etag())) {
                return tries;
            }
        }
    }
}
