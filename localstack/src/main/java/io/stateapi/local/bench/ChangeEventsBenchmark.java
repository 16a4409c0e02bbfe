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
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

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

    private LagConsumer consumer;
    /** The stack's gateway trusts this issuer; every write carries its token (ADR 0014). */
    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String AUTHORIZATION = "Bearer "
            + ISSUER.token(TokenGrant.of("bench", "state:read state:write state:admin").lasting(Duration.ofHours(12)));

    private final AtomicLong fanOutNanos = new AtomicLong();
    private final AtomicLong recordsIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong sendCalls = new AtomicLong();
    private final AtomicLong sendNanos = new AtomicLong();
    private final AtomicLong sendAttempts = new AtomicLong();
    private final List<DynamodbEvent> captured = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean capturing = false;

    public static void main(String[] args) throws Exception {
        new ChangeEventsBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        ExecutionAttribute<Long> started = new ExecutionAttribute<>("benchStarted");
        ExecutionInterceptor countMessages = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                attributes.putAttribute(started, System.nanoTime());
            }

            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof SendMessageBatchRequest) {
                    sendAttempts.incrementAndGet();
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof SendMessageBatchResponse response) {
                    messagesOut.addAndGet(response.successful().size());
                    sendCalls.incrementAndGet();
                    sendNanos.addAndGet(System.nanoTime() - attributes.getAttribute(started));
                }
            }
        };
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, RESOURCES, 0, ChangePipeline.Options.defaults()
                     .withPublishConcurrency(PUBLISH_CONCURRENCY)
                     .withFanOutInterceptors(countMessages)
                     .withHandlerDecorator(this::timed), ISSUER);
             SqsClient sqs = SqsClient.builder().endpointOverride(emulator.endpoint())
                     .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                     .build()) {
            // The pipeline's own figures: the expiry sweeper would compete for the one emulator process.
            stack.expirySweeps().setEnabled(false);
            Thread consuming = Thread.ofPlatform().daemon().name("bench-consumer")
                    .start(consumer(sqs, stack.changes().queueOf(TENANT)));
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            URI api = stack.apiEndpoint();

            System.out.println("warming up...");
            singleWrites(http, api, "warmup", 50);
            burst(http, api, "warmup-burst", 300, 30);

            System.out.printf("single writes: %d, one at a time%n", SINGLE_WRITES);
            List<Long> single = singleWrites(http, api, "single", SINGLE_WRITES);

            System.out.printf("burst: %d writes across %d keys from %d clients%n", BURST_WRITES, BURST_KEYS, BURST_CLIENTS);
            long records0 = recordsIn.get();
            long messages0 = messagesOut.get();
            long fanOut0 = fanOutNanos.get();
            long start = System.nanoTime();
            List<Long> burst = burst(http, api, "burst", BURST_WRITES, BURST_KEYS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long records = recordsIn.get() - records0;
            long messages = messagesOut.get() - messages0;
            double fanOutSeconds = (fanOutNanos.get() - fanOut0) / 1e9;

            System.out.printf("backlog: %d writes across %d keys while the poller is disabled, then drained%n",
                    BURST_WRITES, BURST_KEYS);
            stack.changes().poller().setEnabled(false);
            List<String> backlog = write(http, api, "backlog", BURST_WRITES, BURST_KEYS);
            long drainRecords0 = recordsIn.get();
            long drainMessages0 = messagesOut.get();
            long drainFanOut0 = fanOutNanos.get();
            long drainCalls0 = sendCalls.get();
            long drainAttempts0 = sendAttempts.get();
            long drainSendNanos0 = sendNanos.get();
            // The consumer keeps reading meanwhile, as subscribers do: moto's sends slow down
            // several-fold when messages pile up in the queue.
            capturing = true;
            long drainStart = System.nanoTime();
            stack.changes().poller().setEnabled(true);
            while (messagesOut.get() - drainMessages0 < backlog.size()) {
                Thread.sleep(1);
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            capturing = false;
            for (String change : backlog) {
                consumer.await(change);
            }
            long drainRecords = recordsIn.get() - drainRecords0;
            long drainMessages = messagesOut.get() - drainMessages0;
            double drainFanOutSeconds = (fanOutNanos.get() - drainFanOut0) / 1e9;
            long drainCalls = sendCalls.get() - drainCalls0;
            long drainAttempts = sendAttempts.get() - drainAttempts0;
            double drainSendSeconds = (sendNanos.get() - drainSendNanos0) / 1e9;

            consumer.stop();
            consuming.join(Duration.ofSeconds(5));

            System.out.println();
            System.out.println("| measurement | n | p50 | p99 | max |");
            System.out.println("|---|---|---|---|---|");
            row("write-to-receive lag, single writes", single);
            row("write-to-receive lag, burst of " + BURST_WRITES + " writes / " + BURST_KEYS + " keys", burst);
            System.out.println();
            System.out.printf("burst: %d events received %.2f s after the first write: %.0f events/s end to end%n",
                    burst.size(), seconds, burst.size() / seconds);
            System.out.printf("fan-out function during the burst: %d records in, %d messages out, %.2f s of handler time:"
                            + " %.0f records/s, %.0f messages/s%n",
                    records, messages, fanOutSeconds, records / fanOutSeconds, messages / fanOutSeconds);
            System.out.printf("backlog drain: %d events accepted by SQS %.2f s after enabling the poller: %.0f events/s;"
                            + " fan-out: %d records in, %d messages out, %.2f s of handler time: %.0f records/s,"
                            + " %.0f messages/s%n",
                    backlog.size(), drainSeconds, backlog.size() / drainSeconds, drainRecords, drainMessages,
                    drainFanOutSeconds, drainRecords / drainFanOutSeconds, drainMessages / drainFanOutSeconds);
            System.out.printf("  %d successful SendMessageBatch calls (%d attempts) took %.2f s in total (%.1f ms each,"
                            + " %.1f messages per call; up to %d run concurrently)%n", drainCalls, drainAttempts,
                    drainSendSeconds, drainSendSeconds * 1000 / drainCalls, (double) drainMessages / drainCalls,
                    PUBLISH_CONCURRENCY);
            System.out.printf("poller: %s%n", stack.changes().poller().statistics());
            mapAndFormatOnly();
        }
    }

    /**
     * The fan-out function's own work without SQS: mapping the drained batches' records to
     * change events and writing them as CloudEvents JSON, on one thread.
     */
    private void mapAndFormatOnly() {
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

    /** Writes one key after another, each write waiting for its event. */
    private List<Long> singleWrites(HttpClient http, URI api, String prefix, int count) throws Exception {
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + "/" + (i % 10);
            long version = put(http, api, key, i);
            lags.add(consumer.await(key + "@" + version));
        }
        return lags;
    }

    /** {@code count} writes spread over {@code keys} keys, from concurrent clients; lags of all events. */
    private List<Long> burst(HttpClient http, URI api, String prefix, int count, int keys) throws Exception {
        List<Long> lags = new ArrayList<>();
        for (String change : write(http, api, prefix, count, keys)) {
            lags.add(consumer.await(change));
        }
        return lags;
    }

    /** Writes from {@link #BURST_CLIENTS} concurrent clients; returns the changes, as "key@version". */
    private List<String> write(HttpClient http, URI api, String prefix, int count, int keys) throws Exception {
        Semaphore clients = new Semaphore(BURST_CLIENTS);
        List<Future<String>> writes = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String key = prefix + "/" + (i % keys);
                int n = i;
                writes.add(executor.submit(() -> {
                    clients.acquire();
                    try {
                        return key + "@" + put(http, api, key, n);
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

    private static long put(HttpClient http, URI api, String key, int n) throws IOException, InterruptedException {
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

    private Runnable consumer(SqsClient sqs, String queueUrl) {
        consumer = new LagConsumer(sqs, queueUrl);
        return consumer::run;
    }

    private static void row(String name, List<Long> lags) {
        List<Long> sorted = lags.stream().sorted().toList();
        System.out.printf("| %s | %d | %d ms | %d ms | %d ms |%n", name, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.getLast());
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }
}
