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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
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
    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("bench");
    private static final String TENANT = "bench";
    private static final String NAMESPACE = "listing";
    private static final LocalIssuer ISSUER = LocalIssuer.inMemory();
    private static final String AUTHORIZATION =
            "Bearer " + ISSUER.token(TokenGrant.of(TENANT, "state:read state:write").lasting(Duration.ofHours(2)));
    /** A value of about 100 bytes, as a small JSON document. */
    private static final JsonDocument VALUE = new JsonDocument(
            "{\"owner\":\"user-0000\",\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-22\",\"qty\":1}],\"total\":\"99.90\"}");

    private ListingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LocalAws.useEmulatorDefaults();
        try (MotoEmulator emulator = MotoEmulator.start(MotoEmulator.venvPython(), 0);
             LocalStack stack = LocalStack.start(emulator, RESOURCES, 0, ISSUER);
             DynamoDbClient dynamoDb = DynamoDbClients.create(emulator.endpoint(), List.of())) {
            stack.changes().poller().setEnabled(false);
            stack.expirySweeps().setEnabled(false);
            DynamoDbStateStore store = DynamoDbStateStore.of(dynamoDb, RESOURCES);
            TenantNamespace namespace = TenantNamespace.of(TENANT, NAMESPACE);
            for (int i = 0; i < KEYS; i++) {
                store.put(namespace, Key.of(String.format("orders/%05d", i)), VALUE, null, Precondition.NONE, Instant.now());
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI keys = URI.create(stack.apiEndpoint() + "/v1/namespaces/" + NAMESPACE + "/keys?prefix=orders%2F&limit=" + KEYS);
            URI withValues = URI.create(keys + "&values=true");

            System.out.printf("State API listing benchmark: a page of %d keys (values of %d bytes), %d samples, JDK %s, %d cores%n%n",
                    KEYS, VALUE.utf8Bytes(), SAMPLES, Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.println("| page of 1,000 keys | p50 | p99 | response bytes |");
            System.out.println("|---|---|---|---|");
            report("GET .../keys?limit=1000 over HTTP", time(() -> get(http, keys)), get(http, keys));
            report("GET .../keys?limit=1000&values=true over HTTP", time(() -> get(http, withValues)), get(http, withValues));
            report("the adapter's Query calls alone, without values",
                    time(() -> size(store.list(namespace, query(false), ReadConsistency.STRONG, Instant.now()))), 0);
            report("the adapter's Query calls alone, with values",
                    time(() -> size(store.list(namespace, query(true), ReadConsistency.STRONG, Instant.now()))), 0);
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

    private static int get(HttpClient http, URI uri) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", AUTHORIZATION)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body()));
            }
            return response.body().length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] time(Supplier<Integer> call) {
        for (int i = 0; i < WARMUP; i++) {
            call.get();
        }
        double[] millis = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            call.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void report(String what, double[] sorted, int bytes) {
        System.out.printf("| %s | %.1f ms | %.1f ms | %s |%n", what, sorted[sorted.length / 2],
                sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)],
                bytes == 0 ? "" : String.format("%,d", bytes));
    }
}
