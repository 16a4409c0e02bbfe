package io.stateapi.local.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of counters (ADR 0034) on the local stack ({@code make bench}; results in
 * docs/performance.md). Not a test: it asserts nothing, it measures.
 *
 * <ul>
 *   <li>latency of one increment ({@code POST .../counters}), without and with an
 *       {@code Idempotency-Key}, against a client-side compare-and-set increment (GET, then PUT
 *       with {@code If-Match}), one client;</li>
 *   <li>increments per second with 1, 2, 4 and 8 concurrent clients on one key, against as many
 *       compare-and-set clients (whose conflicts cost retries): goodput against writers.</li>
 * </ul>
 */
public final class CounterBenchmark {

    private static final int WARMUP = 100;
    private static final int SAMPLES = Integer.getInteger("bench.samples", 500);
    private static final int[] CLIENTS = {1, 2, 4, 8};
    private static final int PER_CLIENT = Integer.getInteger("bench.perClient", 50);
    private static final Pattern VALUE = Pattern.compile("\"value\":(-?[0-9]+)");

    private CounterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("CounterBenchmark").parameter("samples", SAMPLES)
                .parameter("warmup", WARMUP).parameter("incrementsPerClient", PER_CLIENT);
        report.phase("local stack", () -> {
            try (BenchStack bench = BenchStack.start(report, "bench-counters", "state:read state:write")) {
                report.phase("latencies", () -> {
                    System.out.println("| figure | median | p99 | |");
                    System.out.println("|---|---|---|---|");
                    latency(report, "increment (POST .../counters)", () -> increment(bench, "lat/plain", null));
                    latency(report, "increment with Idempotency-Key",
                            () -> increment(bench, "lat/keyed", UUID.randomUUID().toString()));
                    latency(report, "compare-and-set increment (GET + PUT If-Match)", () -> compareAndSet(bench, "lat/cas"));
                });
                for (int clients : CLIENTS) {
                    report.phase(clients + " clients on one key", () -> {
                        throughput(report, "increments (POST .../counters)", clients,
                                () -> increment(bench, "tp/plain-" + clients, null));
                        throughput(report, "compare-and-set increments (GET + PUT If-Match)", clients,
                                () -> compareAndSet(bench, "tp/cas-" + clients));
                    });
                }
            }
        });
        System.exit(report.finish());
    }

    private interface Call {
        /** One logical increment; returns how many HTTP requests it took. */
        int run() throws Exception;
    }

    private static void latency(BenchReport report, String name, Call call) throws Exception {
        Samples.row(Samples.measure(report.latencies("operation-latency", "counter: " + name), WARMUP, SAMPLES, call::run),
                1, "n=" + SAMPLES);
    }

    private static void throughput(BenchReport report, String name, int clientCount, Call call) throws Exception {
        AtomicLong requests = new AtomicLong();
        Progress progress = Progress.of(name + ", " + clientCount + " clients", (long) clientCount * PER_CLIENT);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clientCount)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        requests.addAndGet(call.run());
                        progress.step();
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int increments = clientCount * PER_CLIENT;
        report.point("goodput-writers", name, "concurrent writers on one key", clientCount,
                "goodput (successful writes/s)", increments / seconds);
        System.out.printf("| %s, %d clients on one key | %.0f increments/s | | %d increments, %d HTTP requests, %.1f s |%n",
                name, clientCount, increments / seconds, increments, requests.get(), seconds);
    }

    private static int increment(BenchStack bench, String key, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(bench.api().resolve("/v1/namespaces/bench/counters/" + key))
                .header("Content-Type", "application/json").header("Authorization", bench.authorization())
                .POST(HttpRequest.BodyPublishers.ofString("{\"delta\":1}"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        expect(bench.http().send(request.build(), HttpResponse.BodyHandlers.ofString()), 200, 201);
        return 1;
    }

    private static int compareAndSet(BenchStack bench, String key) throws Exception {
        URI uri = bench.api().resolve("/v1/namespaces/bench/keys/" + key);
        for (int requests = 2; ; requests += 2) {
            HttpResponse<String> read = bench.http().send(HttpRequest.newBuilder(uri).header("Authorization", bench.authorization())
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpRequest.Builder write = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", bench.authorization());
            if (read.statusCode() == 404) {
                write.header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofString("{\"value\":1}"));
            } else {
                Matcher value = VALUE.matcher(read.body());
                if (!value.find()) {
                    throw new IllegalStateException("no number in " + read.body());
                }
                write.header("If-Match", read.headers().firstValue("ETag").orElseThrow())
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + (Long.parseLong(value.group(1)) + 1) + "}"));
            }
            HttpResponse<String> written = bench.http().send(write.build(), HttpResponse.BodyHandlers.ofString());
            if (written.statusCode() == 200 || written.statusCode() == 201) {
                return requests;
            }
            expect(written, 412);
        }
    }

    private static void expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(response.statusCode() + ": " + response.body());
    }
}
