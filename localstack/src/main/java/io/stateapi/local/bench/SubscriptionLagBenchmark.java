package io.stateapi.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Write-to-delivery lag to subscriptions on the local stack ({@code make bench}); not a test.
 *
 * <p>For 1 and then 10 subscriptions on one namespace (no filter, values included), one consumer
 * per subscription queue ({@link LagConsumer}) receives and deletes; each single write waits until
 * its event has reached every subscription. Lag runs from the change's commit time (the event's
 * {@code time}) to the consumer's {@code ReceiveMessage} returning it, so it covers the stream
 * poller, the fan-out, the SNS FIFO topic's delivery to each queue and the receive. Everything
 * runs in one JVM and one moto process: the figures describe this harness, not AWS.
 */
public final class SubscriptionLagBenchmark {

    private static final int WRITES = Integer.getInteger("bench.subscriptionWrites", 100);
    private static final int WARMUP = 20;

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("SubscriptionLagBenchmark").parameter("writes", WRITES)
                .parameter("warmup", WARMUP);
        report.phase("local stack", () -> run(report));
        System.exit(report.finish());
    }

    private static void run(BenchReport report) throws Exception {
        try (BenchStack bench = BenchStack.start(report, "subs-bench", "state:read state:write state:admin");
             SqsClient sqs = SqsClient.builder().endpointOverride(bench.emulator().endpoint())
                     .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                     .build()) {
            // This benchmark is about the change pipeline: it runs, the expiry sweeps stay paused.
            bench.stack().changes().poller().setEnabled(true);
            System.out.printf("write-to-delivery lag to subscriptions: %d single writes (after %d to warm up),"
                    + " each awaited at every subscription%n", WRITES, WARMUP);
            Samples.header("subscriptions", "p50", "p99", "deliveries", "max");
            for (int subscriptions : new int[] {1, 10}) {
                report.phase(subscriptions + " subscriptions", () -> measure(report, bench, sqs, subscriptions));
            }
        }
    }

    private static void measure(BenchReport report, BenchStack bench, SqsClient sqs, int count) throws Exception {
        String namespace = "subs-" + count;
        List<LagConsumer> consumers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        put(bench, namespace, "created", 0); // the namespace exists from its first write
        for (int i = 0; i < count; i++) {
            LagConsumer consumer = new LagConsumer(sqs, subscribe(bench, namespace, "lag-" + i));
            consumers.add(consumer);
            threads.add(Thread.ofPlatform().daemon().name("subscriber-" + i).start(consumer::run));
        }
        Latencies lags = report.latencies("event-lag", "subscription queues, " + count
                + (count == 1 ? " subscription" : " subscriptions"));
        try {
            write(bench, namespace, "warmup", WARMUP, consumers, null);
            write(bench, namespace, "lag", WRITES, consumers, lags);
        } finally {
            for (LagConsumer consumer : consumers) {
                consumer.stop();
            }
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(5));
            }
        }
        Samples.row(lags, 0, Long.toString(lags.count()), String.format("%.0f ms", lags.maxMillis()));
    }

    /** Writes one key after another; each waits until every consumer has its event (lags kept unless null). */
    private static void write(BenchStack bench, String namespace, String prefix, int count,
                              List<LagConsumer> consumers, Latencies lags) throws Exception {
        Progress progress = Progress.of(prefix + " writes to " + consumers.size() + " subscriptions", count);
        for (int i = 0; i < count; i++) {
            String key = prefix + "/" + (i % 10);
            long version = put(bench, namespace, key, i);
            for (LagConsumer consumer : consumers) {
                long lag = consumer.await(key + "@" + version);
                if (lags != null) {
                    lags.recordMillis(lag);
                }
            }
            progress.step();
        }
    }

    /** Creates a subscription to every change of the namespace; its queue's URL. */
    private static String subscribe(BenchStack bench, String namespace, String name) throws Exception {
        JsonNode created = send(bench, "POST", "/v1/namespaces/" + namespace + "/subscriptions",
                "{\"name\":\"" + name + "\",\"includeValues\":true}");
        return created.path("queueUrl").asText();
    }

    private static long put(BenchStack bench, String namespace, String key, int n) throws Exception {
        HttpResponse<byte[]> response = exchange(bench, "PUT", "/v1/namespaces/" + namespace + "/keys/" + key,
                "{\"value\":{\"n\":" + n + "}}");
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    private static JsonNode send(BenchStack bench, String method, String path, String body) throws Exception {
        return StateJson.parse(exchange(bench, method, path, body).body());
    }

    private static HttpResponse<byte[]> exchange(BenchStack bench, String method, String path, String body)
            throws Exception {
        URI uri = bench.api().resolve(path);
        HttpResponse<byte[]> response = bench.http().send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", bench.authorization())
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response;
    }
}
