package io.stateapi.local.bench;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbStateStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Figures of listing by prefix on the local stack ({@code make bench}; results in
 * docs/performance.md): one page of 1,000 keys, with and without values, over HTTP through the
 * local gateway, against the adapter's own Query calls on the same emulator. Not a test: it
 * asserts nothing, it measures.
 */
public final class ListingBenchmark {

    private static final int KEYS = 1000;
    private static final int WARMUP = Integer.getInteger("bench.listWarmup", 5);
    private static final int SAMPLES = Integer.getInteger("bench.listSamples", 40);
    private static final String NAMESPACE = "listing";
    /** A value of about 100 bytes, as a small JSON document. */
    private static final JsonDocument VALUE = new JsonDocument(
            "{\"owner\":\"user-0000\",\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-22\",\"qty\":1}],\"total\":\"99.90\"}");

    private ListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchReport report = BenchReport.start("ListingBenchmark").parameter("keys", KEYS).parameter("samples", SAMPLES);
        report.phase("pages of " + KEYS + " keys", () -> run(report));
        System.exit(report.finish());
    }

    private static void run(BenchReport report) throws Exception {
        try (BenchStack bench = BenchStack.start(report, "bench", "state:read state:write");
             DynamoDbClient dynamoDb = DynamoDbClients.create(bench.emulator().endpoint(), List.of())) {
            DynamoDbStateStore store = DynamoDbStateStore.of(dynamoDb, bench.resources());
            TenantNamespace namespace = TenantNamespace.of(BenchStack.TENANT, NAMESPACE);
            for (int i = 0; i < KEYS; i++) {
                store.put(namespace, Key.of(String.format("orders/%05d", i)), VALUE, null, Precondition.NONE, Instant.now());
            }
            RetryingHttp http = bench.http();
            String authorization = bench.authorization();
            URI keys = URI.create(bench.api() + "/v1/namespaces/" + NAMESPACE + "/keys?prefix=orders%2F&limit=" + KEYS);
            URI withValues = URI.create(keys + "&values=true");

            System.out.printf("State API listing benchmark: a page of %d keys (values of %d bytes), %d samples, JDK %s, %d cores%n%n",
                    KEYS, VALUE.utf8Bytes(), SAMPLES, Runtime.version(), Runtime.getRuntime().availableProcessors());
            Samples.header("page of 1,000 keys", "p50", "p99", "response bytes");
            row(time(report, "listing: GET .../keys?limit=1000 over HTTP", () -> get(http, authorization, keys)),
                    get(http, authorization, keys));
            row(time(report, "listing: GET .../keys?limit=1000&values=true over HTTP",
                    () -> get(http, authorization, withValues)), get(http, authorization, withValues));
            row(time(report, "listing: the adapter's Query calls alone, without values",
                    () -> size(store.list(namespace, query(false), ReadConsistency.STRONG, Instant.now()))), 0);
            row(time(report, "listing: the adapter's Query calls alone, with values",
                    () -> size(store.list(namespace, query(true), ReadConsistency.STRONG, Instant.now()))), 0);
        }
    }

    private static KeyQuery query(boolean values) {
        return new KeyQuery(KeyPrefix.of("orders/"), Optional.empty(), KEYS, values);
    }

    private static int size(KeyPage page) {
        if (page.keys().size() != KEYS) {
            throw new IllegalStateException("a page of " + page.keys().size() + " keys");
        }
        return page.keys().size();
    }

    private static int get(RetryingHttp http, String authorization, URI uri) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", authorization)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body()));
            }
            return response.body().length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Latencies time(BenchReport report, String name, Samples.Operation call) throws Exception {
        return Samples.measure(report.latencies("multi-key-latency", name), WARMUP, SAMPLES, call);
    }

    private static void row(Latencies figure, int bytes) {
        Samples.row(figure, 1, bytes == 0 ? "" : String.format("%,d", bytes));
    }
}
