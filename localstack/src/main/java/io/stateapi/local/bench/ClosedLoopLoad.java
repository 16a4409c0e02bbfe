package io.stateapi.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load: {@code clients} threads, each sending its next request as soon as the last
 * one is answered, for a warm-up and then a measured time. Each request is a read four times in
 * five and a write otherwise, on a key drawn uniformly from {@code keys}, so no key is hot and the
 * figure is the system's throughput, not one key's. Closed loop on purpose: the offered load
 * follows what the system answers, so the curve shows where adding clients stops adding
 * throughput (the knee) without a queue growing without bound behind it.
 */
final class ClosedLoopLoad {

    /** One request of the mix, on key number {@code key}; it throws when the answer is not a success. */
    @FunctionalInterface
    interface Request {
        void send(int key) throws Exception;
    }

    /** Reads per write in the mix (4:1). */
    static final int READS_PER_WRITE = 4;

    /**
     * What one run did: requests answered per second within the measured time, latencies of those
     * requests, and the requests that failed (counted, not retried beyond the client's own retries).
     */
    record Result(int clients, double perSecond, long requests, long failures, Latencies latencies) {
    }

    private final int keys;
    private final Request read;
    private final Request write;

    ClosedLoopLoad(int keys, Request read, Request write) {
        this.keys = keys;
        this.read = read;
        this.write = write;
    }

    /** One write of key number {@code key}, outside any run (to fill the keys first). */
    void write(int key) throws Exception {
        write.send(key);
    }

    /** Runs {@code clients} clients for {@code warmupSeconds}, then measures for {@code seconds}. */
    Result run(String name, int clients, double warmupSeconds, double seconds) throws Exception {
        Latencies latencies = new Latencies("none", name + ", " + clients + " clients");
        LongAdder requests = new LongAdder();
        LongAdder failures = new LongAdder();
        // The clock starts once every client is running: on a busy machine starting the threads
        // can take longer than the warm-up, and would otherwise eat into the measured time.
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    long measureFrom = window[0];
                    long end = window[1];
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (long i = random.nextInt(READS_PER_WRITE + 1); ; i++) {
                        long sent = System.nanoTime();
                        if (sent >= end) {
                            return null;
                        }
                        boolean ok = true;
                        try {
                            (i % (READS_PER_WRITE + 1) == READS_PER_WRITE ? write : read).send(random.nextInt(keys));
                        } catch (Exception e) {
                            ok = false;
                        }
                        long answered = System.nanoTime();
                        // Requests answered inside the measured time count, wherever they were sent:
                        // the rate is what the system completed in that time. Leaving out the ones in
                        // flight at either edge instead would undercount by up to two per client.
                        if (answered >= measureFrom && answered <= end) {
                            if (ok) {
                                requests.increment();
                                latencies.recordNanos(answered - sent);
                            } else {
                                failures.increment();
                            }
                        }
                    }
                }));
            }
            ready.await();
            window[0] = System.nanoTime() + (long) (warmupSeconds * 1e9);
            window[1] = window[0] + (long) (seconds * 1e9);
            go.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return new Result(clients, requests.sum() / seconds, requests.sum(), failures.sum(), latencies);
    }
}
