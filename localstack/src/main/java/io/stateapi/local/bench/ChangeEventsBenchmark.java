package io.stateapi.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.events.ChangeEvent;
import io.stateapi.events.ChangeEventFormat;
import io.stateapi.events.StreamRecordMapper;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.MotoEmulator;
import io.stateapi.local.auth.LocalIssuer;
import io.stateapi.local.auth.TokenGrant;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Figures of the change pipeline on the local stack ({@code make bench}); not a test.
 *
 * <ul>
 *   <li>write-to-receive lag: from the change's commit time (the event's {@code time}, taken
 *       by the api function) to the moment a consumer's {@code ReceiveMessage} returns it;
 *       for single writes (each waits for its event) and for a burst of 1,000 writes across
 *       100 keys from 32 concurrent clients;</li>
 *   <li>fan-out throughput: stream records in and messages out per second of the fan-out
 *       function's own run time, and events per second end to end: during the burst (the
 *       writes compete with the pipeline for the emulator), and draining a backlog of 1,000
 *       changes written while the poller was disabled.</li>
 * </ul>
 * Everything runs in one JVM on one machine, against moto: the figures describe this
 * harness, not AWS, where Lambda's pollers add their own delay (see docs/performance.md).
 */
public final class ChangeEventsBenchmark {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench");
    /** The tenant the benchmark writes as: its change queue is the one the consumer reads. */
    private static final String TENANT = "bench";
    private static final int SINGLE_WRITES = intProperty("bench.singleWrites", 200);
    private static final int BURST_WRITES = intProperty("bench.burstWrites", 1000);
    private static final int BURST_KEYS = intProperty("bench.burstKeys", 100);
    private static final int BURST_CLIENTS = intProperty("bench.burstClients", 32);
    private static final int PUBLISH_CONCURRENCY =
            intProperty("bench.publishConcurrency", ChangePipeline.Options.EMULATOR_PUBLISH_CONCURRENCY);

    /** How long the events of a burst or a backlog may take to arrive, all together. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(Integer.getInteger("bench.drainSeconds", 300));

    private LagConsumer consumer;
    /** The stack's gateway trusts this issuer; every write carries its token (ADR 0014). */
    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String AUTHORIZATION = "Bearer "
            + ISSUER.token(TokenGrant.of("bench", "state:read state:write state:admin").lasting(Duration.ofHours(12)));

    private final AtomicLong fanOutNanos = new AtomicLong();
    private final AtomicLong recordsIn = new AtomicLong();
    private final SendCounter sends = new SendCounter();
    private final List<DynamodbEvent> captured = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean capturing = false;

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("ChangeEventsBenchmark").parameter("singleWrites", SINGLE_WRITES)
                .parameter("burstWrites", BURST_WRITES).parameter("burstKeys", BURST_KEYS)
                .parameter("burstClients", BURST_CLIENTS).parameter("publishConcurrency", PUBLISH_CONCURRENCY);
        report.phase("local stack", () -> new ChangeEventsBenchmark().run(report));
        System.exit(report.finish());
    }

    private void run(BenchReport report) throws Exception {
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, RESOURCES, 0, ChangePipeline.Options.defaults()
                     .withPublishConcurrency(PUBLISH_CONCURRENCY)
                     .withFanOutInterceptors(sends)
                     .withHandlerDecorator(this::timed), ISSUER);
             SqsClient sqs = SqsClient.builder().endpointOverride(emulator.endpoint())
                     .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                     .build()) {
            // The pipeline's own figures: the expiry sweeper would compete for the one emulator process.
            stack.expirySweeps().setEnabled(false);
            consumer = new LagConsumer(sqs, stack.changes().queueOf(TENANT));
            Thread consuming = Thread.ofPlatform().daemon().name("bench-consumer").start(consumer::run);
            // 32 writers, the poller, the fan-out and the consumer share one moto process: on a loaded
            // machine the api function's DynamoDB calls time out and it answers 503, which a client
            // sends again after Retry-After (RetryingHttp) instead of ending the run.
            RetryingHttp http = new RetryingHttp(HttpClient.newBuilder()
                    .executor(Executors.newVirtualThreadPerTaskExecutor()).build(), report.retries());
            URI api = stack.apiEndpoint();
            try {
                phases(report, stack, http, api);
            } finally {
                // Before the emulator stops: a consumer left running would only report a refused connection.
                consumer.stop();
                consuming.join(Duration.ofSeconds(5));
            }
        }
    }

    private void phases(BenchReport report, LocalStack stack, RetryingHttp http, URI api) throws Exception {
        report.phase("warm-up: 50 single writes, a burst of 300", () -> {
            singleWrites(http, api, "warmup", 50, null);
            burst(http, api, "warmup-burst", 300, 30, null);
        });
        report.phase(SINGLE_WRITES + " single writes, one at a time", () -> singleWrites(http, api, "single", SINGLE_WRITES,
                report.latencies("event-lag", "change queue, single writes")));
        report.phase("burst of " + BURST_WRITES + " writes across " + BURST_KEYS + " keys from " + BURST_CLIENTS + " clients",
                () -> {
                    long records0 = recordsIn.get();
                    long messages0 = sends.messages.get();
                    long fanOut0 = fanOutNanos.get();
                    long start = System.nanoTime();
                    Latencies burst = report.latencies("event-lag", "change queue, burst of " + BURST_WRITES
                            + " writes from " + BURST_CLIENTS + " clients");
                    burst(http, api, "burst", BURST_WRITES, BURST_KEYS, burst);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double fanOutSeconds = (fanOutNanos.get() - fanOut0) / 1e9;
                    long records = recordsIn.get() - records0;
                    long messages = sends.messages.get() - messages0;
                    lagRow(burst);
                    System.out.printf("burst: %d events received %.2f s after the first write: %.0f events/s end to end%n",
                            burst.count(), seconds, burst.count() / seconds);
                    System.out.printf("fan-out function during the burst: %d records in, %d messages out, %.2f s of"
                                    + " handler time: %.0f records/s, %.0f messages/s%n", records, messages,
                            fanOutSeconds, records / fanOutSeconds, messages / fanOutSeconds);
                    report.value("burst, events per second end to end", burst.count() / seconds, "1/s");
                    report.value("fan-out during the burst, records per second of handler time", records / fanOutSeconds,
                            "1/s");
                });
        report.phase("backlog of " + BURST_WRITES + " writes while the poller is disabled, then drained",
                () -> backlog(report, stack, http, api));
        report.phase("fan-out without SQS", () -> mapAndFormatOnly(report));
        System.out.printf("poller: %s%n", stack.changes().poller().statistics());
    }

    private void backlog(BenchReport report, LocalStack stack, RetryingHttp http, URI api) throws Exception {
        stack.changes().poller().setEnabled(false);
        List<String> backlog = write(http, api, "backlog", BURST_WRITES, BURST_KEYS);
        long drainRecords0 = recordsIn.get();
        long drainMessages0 = sends.messages.get();
        long drainFanOut0 = fanOutNanos.get();
        long drainCalls0 = sends.calls.get();
        long drainAttempts0 = sends.attempts.get();
        long drainSendNanos0 = sends.nanos.get();
        // The consumer keeps reading meanwhile, as subscribers do: moto's sends slow down
        // several-fold when messages pile up in the queue.
        capturing = true;
        long drainStart = System.nanoTime();
        long deadline = drainStart + DRAIN_TIMEOUT.toNanos();
        stack.changes().poller().setEnabled(true);
        while (sends.messages.get() - drainMessages0 < backlog.size()) {
            if (System.nanoTime() > deadline) {
                capturing = false;
                throw new IllegalStateException((sends.messages.get() - drainMessages0) + " of " + backlog.size()
                        + " events published within " + DRAIN_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(1);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        capturing = false;
        consumer.awaitAll(backlog, DRAIN_TIMEOUT);
        long drainRecords = recordsIn.get() - drainRecords0;
        long drainMessages = sends.messages.get() - drainMessages0;
        double drainFanOutSeconds = (fanOutNanos.get() - drainFanOut0) / 1e9;
        long drainCalls = sends.calls.get() - drainCalls0;
        long drainAttempts = sends.attempts.get() - drainAttempts0;
        double drainSendSeconds = (sends.nanos.get() - drainSendNanos0) / 1e9;
        System.out.printf("backlog drain: %d events accepted by SQS %.2f s after enabling the poller: %.0f events/s;"
                        + " fan-out: %d records in, %d messages out, %.2f s of handler time: %.0f records/s,"
                        + " %.0f messages/s%n",
                backlog.size(), drainSeconds, backlog.size() / drainSeconds, drainRecords, drainMessages,
                drainFanOutSeconds, drainRecords / drainFanOutSeconds, drainMessages / drainFanOutSeconds);
        System.out.printf("  %d successful SendMessageBatch calls (%d attempts) took %.2f s in total (%.1f ms each,"
                        + " %.1f messages per call; up to %d run concurrently)%n", drainCalls, drainAttempts,
                drainSendSeconds, drainSendSeconds * 1000 / drainCalls, (double) drainMessages / drainCalls,
                PUBLISH_CONCURRENCY);
        report.value("backlog drain, events per second (wall clock)", backlog.size() / drainSeconds, "1/s");
        report.value("backlog drain, records per second of handler time", drainRecords / drainFanOutSeconds, "1/s");
        report.value("backlog drain, SendMessageBatch milliseconds per call", drainSendSeconds * 1000 / drainCalls, "ms");
    }

    /**
     * The fan-out function's own work without SQS: mapping the drained batches' records to
     * change events and writing them as CloudEvents JSON, on one thread.
     */
    private void mapAndFormatOnly(BenchReport report) {
        StreamRecordMapper mapper = new StreamRecordMapper();
        ChangeEventFormat format = new ChangeEventFormat(RESOURCES.environment());
        List<DynamodbEvent> events = List.copyOf(captured);
        long records = 0;
        long messages = 0;
        long bytes = 0;
        long start = 0;
        for (int round = 0; round < 25; round++) {
            if (round == 5) { // the first rounds warm the JIT up
                start = System.nanoTime();
                records = 0;
                messages = 0;
                bytes = 0;
            }
            for (DynamodbEvent event : events) {
                for (var record : event.getRecords()) {
                    records++;
                    for (ChangeEvent change : mapper.map(record).events()) {
                        bytes += format.toMessageBody(change).length() + change.id().length()
                                + change.messageGroupId().length();
                        messages++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fan-out without SQS (map + CloudEvents JSON, one thread): %.0f records/s, %.0f messages/s"
                + " (%.1f µs per record; %d bytes written)%n", records / seconds, messages / seconds,
                seconds * 1e6 / records, bytes);
        report.value("fan-out without SQS (map + CloudEvents JSON), microseconds per record", seconds * 1e6 / records, "µs");
    }

    private RequestHandler<DynamodbEvent, StreamsEventResponse> timed(
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        return (event, context) -> {
            if (capturing) {
                captured.add(event);
            }
            long start = System.nanoTime();
            try {
                return handler.handleRequest(event, context);
            } finally {
                fanOutNanos.addAndGet(System.nanoTime() - start);
                recordsIn.addAndGet(event.getRecords().size());
            }
        };
    }

    /** Writes one key after another, each write waiting for its event; the lags go to {@code lags} unless null. */
    private void singleWrites(RetryingHttp http, URI api, String prefix, int count, Latencies lags) throws Exception {
        Progress progress = Progress.of(prefix + " writes", count);
        for (int i = 0; i < count; i++) {
            String key = prefix + "/" + (i % 10);
            long version = put(http, api, key, i);
            long lag = consumer.await(key + "@" + version);
            if (lags != null) {
                lags.recordMillis(lag);
            }
            progress.step();
        }
        if (lags != null) {
            lagRow(lags);
        }
    }

    /** {@code count} writes spread over {@code keys} keys, from concurrent clients; the lags of all events. */
    private void burst(RetryingHttp http, URI api, String prefix, int count, int keys, Latencies lags) throws Exception {
        for (long lag : consumer.awaitAll(write(http, api, prefix, count, keys), DRAIN_TIMEOUT)) {
            if (lags != null) {
                lags.recordMillis(lag);
            }
        }
    }

    /** Writes from {@link #BURST_CLIENTS} concurrent clients; returns the changes, as "key@version". */
    private List<String> write(RetryingHttp http, URI api, String prefix, int count, int keys) throws Exception {
        Semaphore clients = new Semaphore(BURST_CLIENTS);
        Progress progress = Progress.of(prefix + " writes", count);
        List<Future<String>> writes = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String key = prefix + "/" + (i % keys);
                int n = i;
                writes.add(executor.submit(() -> {
                    clients.acquire();
                    try {
                        String change = key + "@" + put(http, api, key, n);
                        progress.step();
                        return change;
                    } finally {
                        clients.release();
                    }
                }));
            }
        }
        List<String> changes = new ArrayList<>();
        for (Future<String> write : writes) {
            changes.add(write.get());
        }
        return changes;
    }

    private static long put(RetryingHttp http, URI api, String key, int n) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/v1/namespaces/bench/keys/" + key))
                        .header("Content-Type", "application/json")
                        .header("Authorization", AUTHORIZATION)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":{\"n\":" + n + ",\"payload\":\"" + "x".repeat(200) + "\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("write failed: " + response.statusCode() + " " + response.body());
        }
        String etag = response.headers().firstValue("ETag").orElseThrow();
        return Long.parseLong(etag.replace("\"", "").replace("W/", ""));
    }

    private static void lagRow(Latencies lags) {
        System.out.printf("| write-to-receive lag, %s | %d | %.0f ms | %.0f ms | %.0f ms |%n", lags.name(), lags.count(),
                lags.millisAt(50), lags.millisAt(99), lags.maxMillis());
    }

    private static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }
}
