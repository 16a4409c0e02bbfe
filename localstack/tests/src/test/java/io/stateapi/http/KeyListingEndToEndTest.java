package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Listing by prefix over HTTP through the local gateway (ADR 0026). Every response is held
 * against the OpenAPI contract ({@link Http}).
 */
class KeyListingEndToEndTest {

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("list");

    private static String list(String namespace, String prefix, Integer limit, String cursor, String... more) {
        StringBuilder query = new StringBuilder();
        if (prefix != null) {
            query.append("&prefix=").append(URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        }
        if (limit != null) {
            query.append("&limit=").append(limit);
        }
        if (cursor != null) {
            query.append("&cursor=").append(cursor);
        }
        for (String parameter : more) {
            query.append('&').append(parameter);
        }
        return "/v1/namespaces/" + namespace + "/keys" + (query.isEmpty() ? "" : "?" + query.substring(1));
    }

    private void put(String key, String value) {
        String path = keyPath(ns, RawPaths.encodeKey(key));
        HttpResponse<String> response = http.put(path, "{\"value\":" + value + "}");
        for (int retry = 0; response.statusCode() == 503 && retry < 5; retry++) {
            response = http.put(path, "{\"value\":" + value + "}");   // last write wins: sending it again is safe
        }
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    private static List<String> keys(HttpResponse<String> page) {
        List<String> keys = new ArrayList<>();
        json(page).get("items").forEach(item -> keys.add(item.get("key").asText()));
        return keys;
    }

    /** Every page from the first to the one whose nextCursor is null, in order. */
    private List<String> listAll(String prefix, int limit, String... headers) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = list(ns, prefix, limit, cursor);
            HttpResponse<String> page = http.get(path, headers);
            for (int retry = 0; page.statusCode() == 503 && retry < 5; retry++) {
                page = http.get(path, headers);   // as the SDK does: the emulator shares a busy machine
            }
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(json(page).get("items").size()).isLessThanOrEqualTo(limit);
            all.addAll(keys(page));
            JsonNode next = json(page).get("nextCursor");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        return all;
    }

    private static String problem(HttpResponse<String> response) {
        return json(response).get("type").asText().substring(ProblemType.BASE_URI.length());
    }

    /** 2,050 keys, seeded straight into the table in batches (2,050 PUTs would only test the emulator's patience). */
    @Test
    void pagingOverMoreThanTwoThousandKeysReturnsEachOnceInKeyOrder() {
        List<String> written = IntStream.range(0, 2_050).mapToObj(i -> String.format("bulk/%05d", i)).toList();
        put("bulk", "0");   // the namespace comes into being with its first write
        seed(written);

        List<String> listed = listAll("bulk/", 97);

        assertThat(listed).containsExactlyElementsOf(written);
    }

    /** Live items as the API writes them (StateItem's layout), 25 to a BatchWriteItem. */
    private void seed(List<String> keys) {
        String partition = TestStack.partitionKey(ns);
        long now = System.currentTimeMillis();
        for (int from = 0; from < keys.size(); from += 25) {
            List<WriteRequest> batch = keys.subList(from, Math.min(from + 25, keys.size())).stream()
                    .map(key -> WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                            StateItem.PK, AttributeValue.fromS(partition),
                            StateItem.SK, AttributeValue.fromS(key),
                            StateItem.VERSION, AttributeValue.fromN("1"),
                            StateItem.VALUE, AttributeValue.fromS("1"),
                            StateItem.CREATED_AT, AttributeValue.fromN(Long.toString(now)),
                            StateItem.UPDATED_AT, AttributeValue.fromN(Long.toString(now)),
                            StateItem.ITEM_FORMAT, AttributeValue.fromN(Integer.toString(StateItem.CURRENT_FORMAT)),
                            StateItem.WRITE_TOKEN, AttributeValue.fromS("seed-" + key))).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(TestStack.RESOURCES.tableName(), batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = TestStack.shared().dynamoDb().batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
        }
    }

    @Test
    void entriesCarryVersionAndTimesAndTheirValueOnlyWhenAsked() {
        put("carts/42", "{\"items\":[1,2]}");
        put("carts/42", "{\"items\":[1,2,3]}");

        JsonNode without = json(http.get(list(ns, "carts/", null, null))).get("items").get(0);
        JsonNode with = json(http.get(list(ns, "carts/", null, null, "values=true", "consistency=eventual")))
                .get("items").get(0);

        assertThat(without.get("version").asLong()).isEqualTo(2);
        assertThat(without.has("value")).isFalse();
        assertThat(without.get("expiresAt").isNull()).isTrue();
        assertThat(with.get("value").toString()).isEqualTo("{\"items\":[1,2,3]}");
    }

    @Test
    void deletedAndExpiredKeysNeverAppear() {
        put("k/a", "1");
        put("k/deleted", "1");
        assertThat(http.delete(keyPath(ns, "k/deleted")).statusCode()).isEqualTo(204);
        HttpResponse<String> expiring = http.put(keyPath(ns, "k/expired"), "{\"value\":1,\"ttlSeconds\":1}");
        assertThat(expiring.statusCode()).isEqualTo(201);
        put("k/z", "1");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.get(keyPath(ns, "k/expired")).statusCode() == 404);

        assertThat(listAll("k/", 1)).containsExactly("k/a", "k/z");
        assertThat(listAll("", 1000)).containsExactly("k/a", "k/z");
    }

    @Test
    void onlyKeysWithThePrefixOfTheCallersOwnNamespaceAppear() {
        put("eu/1", "1");
        put("eu/2", "1");
        put("eu", "1");
        put("us/1", "1");
        put("e\u00fc/1", "1");
        String other = "other-" + ns;
        String[] otherTenant = {"Authorization", "Bearer " + TestStack.issuer().token(
                TokenGrant.of(other, "state:read state:write"))};
        assertThat(http.put(keyPath(ns, "eu/3-theirs"), "{\"value\":1}", otherTenant).statusCode()).isEqualTo(201);

        assertThat(listAll("eu/", 1)).containsExactly("eu/1", "eu/2");
        assertThat(listAll("e", 2)).containsExactly("eu", "eu/1", "eu/2", "e\u00fc/1");
        assertThat(listAll("eu/", 10, otherTenant)).containsExactly("eu/3-theirs");
    }

    @Test
    void aPrefixIsTextEvenWithCommasPlusesAndSpaces() {
        put("a,b/1", "1");
        put("a+b/1", "1");
        put("a b/1", "1");
        put("a/1", "1");

        assertThat(keys(http.get("/v1/namespaces/" + ns + "/keys?prefix=a%2Cb"))).containsExactly("a,b/1");
        assertThat(keys(http.get("/v1/namespaces/" + ns + "/keys?prefix=a,b"))).containsExactly("a,b/1");
        assertThat(keys(http.get("/v1/namespaces/" + ns + "/keys?prefix=a%2Bb"))).containsExactly("a+b/1");
        assertThat(keys(http.get("/v1/namespaces/" + ns + "/keys?prefix=a+b"))).containsExactly("a b/1");
        assertThat(json(http.get("/v1/namespaces/" + ns + "/keys?prefix=a%20b")).get("prefix").asText()).isEqualTo("a b");
    }

    @Test
    void aTamperedTruncatedOrForeignCursorIsInvalid() {
        for (String key : List.of("p/1", "p/2", "p/3", "q/1")) {
            put(key, "1");
        }
        String otherNamespace = TestStack.uniqueNamespace("list");
        for (String key : List.of("p/1", "p/2")) {
            assertThat(http.put(keyPath(otherNamespace, key), "{\"value\":1}").statusCode()).isEqualTo(201);
        }
        String cursor = json(http.get(list(ns, "p/", 1, null))).get("nextCursor").asText();
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        bytes[bytes.length / 2] ^= 0x20;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String[] otherTenant = {"Authorization", "Bearer " + TestStack.issuer().token(
                TokenGrant.of("other-" + ns, "state:read"))};

        assertThat(keys(http.get(list(ns, "p/", 1, cursor)))).containsExactly("p/2");
        for (HttpResponse<String> refused : List.of(
                http.get(list(ns, "p/", 1, tampered)),
                http.get(list(ns, "p/", 1, cursor.substring(0, cursor.length() - 4))),
                http.get(list(ns, "p/", 1, "garbage")),
                http.get(list(ns, "q/", 1, cursor)),
                http.get(list(ns, "", 1, cursor)),
                http.get(list(otherNamespace, "p/", 1, cursor)),
                http.get(list(ns, "p/", 1, cursor), otherTenant))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(problem(refused)).isEqualTo("invalid-cursor");
        }
    }

    @Test
    void aMissingNamespaceIsNotFoundAndAnEmptyOneListsNothing() {
        HttpResponse<String> missing = http.get(list(ns, null, null, null));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(problem(missing)).isEqualTo("namespace-not-found");

        assertThat(http.put("/v1/namespaces/" + ns, "{}").statusCode()).isEqualTo(201);
        HttpResponse<String> empty = http.get(list(ns, null, null, null));

        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(json(empty).get("items").size()).isZero();
        assertThat(json(empty).get("nextCursor").isNull()).isTrue();
        assertThat(json(empty).get("namespace").asText()).isEqualTo(ns);
    }

    /**
     * Writers overwrite the stable keys and create and delete others between them while a listing
     * pages through with a small page size: every stable key appears exactly once, and nothing
     * appears that was never written.
     */
    @Test
    void underConcurrentWritesAndDeletesEveryKeyLiveThroughoutIsListedExactlyOnce() throws Exception {
        List<String> stable = IntStream.range(0, 150).mapToObj(i -> String.format("c/%04d", i * 2)).toList();
        List<String> churn = IntStream.range(0, 150).mapToObj(i -> String.format("c/%04d", i * 2 + 1)).toList();
        put(stable.getFirst(), "0");   // the namespace comes into being with its first write
        seed(stable.subList(1, stable.size()));
        seed(churn.subList(0, 75));
        AtomicBoolean listing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<Integer>> work = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            work.add(writers.submit(() -> {
                int changes = 0;
                for (int round = 0; listing.get(); round++) {
                    String churnKey = churn.get((round * 3 + writer) % churn.size());
                    // Answers are not checked: a write that times out may or may not have happened,
                    // and either is a write the listing may or may not see.
                    if (round % 2 == 0) {
                        http.put(keyPath(ns, churnKey), "{\"value\":1}");
                    } else {
                        http.delete(keyPath(ns, churnKey));
                    }
                    http.put(keyPath(ns, stable.get((round * 3 + writer) % stable.size())), "{\"value\":" + round + "}");
                    changes++;
                }
                return changes;
            }));
        }
        List<String> listed;
        try {
            listed = listAll("c/", 7);
        } finally {
            listing.set(false);
            writers.shutdown();
        }
        int changes = 0;
        for (Future<Integer> writer : work) {
            changes += writer.get();
        }

        assertThat(changes).as("writes ran during the listing").isPositive();
        assertThat(new HashSet<>(listed)).as("no key twice").hasSameSizeAs(listed);
        assertThat(listed).as("in key order").isSorted();
        assertThat(listed).containsAll(stable);
        Set<String> everWritten = new HashSet<>(stable);
        everWritten.addAll(churn);
        assertThat(everWritten).containsAll(listed);
    }
}
