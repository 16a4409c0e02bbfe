package io.stateapi.local.bench;

import io.stateapi.local.LocalAws;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.StateApiResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * A transaction of 10 puts against 10 single PUTs, through the HTTP API on the local stack
 * ({@code make bench}; docs/performance.md, ADR 0028). Not a test: it asserts nothing, it measures.
 * Both write the same 10 keys last-write-wins with the same values, one after the other; the
 * transaction's puts carry {@code ifVersion} (as a transfer does, no read needed) and, in a second
 * figure, none (each key read first, then pinned).
 */
public final class TransactionBenchmark {

    private static final int KEYS = 10;
    private static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 200);
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench-txn");
    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String AUTHORIZATION = "Bearer " + ISSUER.token(
            TokenGrant.of("bench", "state:read state:write").lasting(Duration.ofHours(12)));
    private static final String VALUE = "{\"user\":\"ada\",\"items\":[1,2,3],\"total\":\"99.90\"}";

    private TransactionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LocalAws.useEmulatorDefaults();
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, RESOURCES, 0, ISSUER)) {
            stack.changes().poller().setEnabled(false);
            stack.expirySweeps().setEnabled(false);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI api = stack.apiEndpoint();
            System.out.printf("Transaction benchmark: %d samples per figure, %d keys, JDK %s, %d cores%n%n",
                    SAMPLES, KEYS, Runtime.version(), Runtime.getRuntime().availableProcessors());
            for (int k = 0; k < KEYS; k++) {
                send(http, put(api, k));
            }
            long[] version = {1};
            Runnable singles = () -> {
                for (int k = 0; k < KEYS; k++) {
                    send(http, put(api, k));
                }
                version[0]++;
            };
            Runnable conditional = () -> {
                send(http, transaction(api, version[0]));
                version[0]++;
            };
            Runnable unconditional = () -> {
                send(http, transaction(api, 0));
                version[0]++;
            };
            long[] single = measure(singles);
            long[] atVersion = measure(conditional);
            long[] blind = measure(unconditional);
            System.out.println("| figure | p50 | p99 | ratio to 10 single PUTs (p50) |");
            System.out.println("|---|---|---|---|");
            row("10 single PUTs, one after the other", single, single);
            row("1 transaction of 10 puts with `ifVersion` (no read)", atVersion, single);
            row("1 transaction of 10 unconditional puts (read, then pinned)", blind, single);
        }
    }

    private static long[] measure(Runnable round) {
        for (int i = 0; i < WARMUP; i++) {
            round.run();
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            round.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void row(String name, long[] nanos, long[] baseline) {
        System.out.printf("| %s | %.2f ms | %.2f ms | %.2fx |%n", name, millis(nanos, 0.50), millis(nanos, 0.99),
                millis(nanos, 0.50) / millis(baseline, 0.50));
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }

    private static HttpRequest put(URI api, int k) {
        return HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/keys/k" + k))
                .header("Content-Type", "application/json").header("Authorization", AUTHORIZATION)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":" + VALUE + "}")).build();
    }

    /** 10 puts; at {@code version} when it is above 0, else last-write-wins. */
    private static HttpRequest transaction(URI api, long version) {
        StringBuilder body = new StringBuilder("{\"operations\":[");
        for (int k = 0; k < KEYS; k++) {
            body.append(k == 0 ? "" : ",").append("{\"type\":\"put\",\"namespace\":\"bench\",\"key\":\"k").append(k)
                    .append("\",\"value\":").append(VALUE).append(version > 0 ? ",\"ifVersion\":" + version : "")
                    .append('}');
        }
        return HttpRequest.newBuilder(api.resolve("/v1/transactions"))
                .header("Content-Type", "application/json").header("Authorization", AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build();
    }

    private static void send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode()
                        + " " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
