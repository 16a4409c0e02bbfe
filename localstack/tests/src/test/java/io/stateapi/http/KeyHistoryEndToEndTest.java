package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.local.TestStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A key's history and restore (ADR 0036) through the local stack's HTTP API: the change log the
 * fan-out writes, listed newest first, each version readable, a restore a conditional write of
 * an old value. The history follows the writes (eventually consistent), so the tests wait for it
 * with a bounded poll. Every response is checked against the OpenAPI contract ({@link Http}).
 */
class KeyHistoryEndToEndTest {

    private static final Duration PIPELINE = Duration.ofSeconds(60);

    private final Http http = new Http(TestStack.shared().api());
    private final String ns = TestStack.uniqueNamespace("history");

    @Test
    void afterNWritesVersionsOneToNAreListedNewestFirstAndEachIsReadable() {
        String key = "users/42/profile";
        int n = 5;
        for (int v = 1; v <= n; v++) {
            assertThat(put(key, "{\"n\":" + v + "}").statusCode()).isIn(200, 201);
        }

        List<JsonNode> items = awaitVersions(key, n);

        assertThat(items).extracting(item -> item.get("version").asLong()).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(items).extracting(item -> item.get("change").asText())
                .containsExactly("updated", "updated", "updated", "updated", "created");
        assertThat(items).extracting(item -> item.get("value").get("n").asInt()).containsExactly(5, 4, 3, 2, 1);
        for (int v = 1; v <= n; v++) {
            HttpResponse<String> version = http.get(keyPath(ns, key) + "?version=" + v);
            assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
            assertThat(version.headers().firstValue("ETag")).hasValue("\"" + v + "\"");
            assertThat(json(version).get("value").get("n").asInt()).isEqualTo(v);
            assertThat(json(version).get("version").asLong()).isEqualTo(v);
        }
    }

    @Test
    void pagesFollowTheCursorWithoutGapOrRepeat() {
        String key = "paged";
        for (int v = 1; v <= 5; v++) {
            put(key, Integer.toString(v));
        }
        awaitVersions(key, 5);

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = http.get(keyPath(ns, key) + "/versions?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            json(page).get("items").forEach(item -> seen.add(item.get("version").asLong()));
            cursor = json(page).get("nextCursor").isNull() ? null : json(page).get("nextCursor").asText();
        } while (cursor != null);

        assertThat(seen).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void aDeleteIsListedWithoutAValueAndItsVersionReadsAs404SayingSo() {
        String key = "gone";
        put(key, "\"here\"");
        assertThat(http.delete(keyPath(ns, key)).statusCode()).isEqualTo(204);

        List<JsonNode> items = awaitVersions(key, 2);

        assertThat(items.getFirst().get("change").asText()).isEqualTo("deleted");
        assertThat(items.getFirst().has("value")).isFalse();
        HttpResponse<String> deleted = http.get(keyPath(ns, key) + "?version=2");
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(json(deleted).get("type").asText()).endsWith("/version-not-found");
        assertThat(json(deleted).get("detail").asText()).contains("was a delete");
    }

    @Test
    void aVersionNeverWrittenIs404SayingWhichVersionTheKeyIsAt() {
        put("short", "1");

        HttpResponse<String> response = http.get(keyPath(ns, "short") + "?version=7");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("type").asText()).endsWith("/version-not-found");
        assertThat(json(response).get("detail").asText()).contains("never existed").contains("version 1");
    }

    @Test
    void restoreWritesTheOldValueAsTheNextVersion() {
        String key = "doc";
        put(key, "{\"title\":\"first\"}");
        put(key, "{\"title\":\"second\"}");
        put(key, "{\"title\":\"third\"}");
        awaitVersions(key, 3);

        HttpResponse<String> restored = restore(key, 1);

        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(restored.headers().firstValue("ETag")).hasValue("\"4\"");
        JsonNode current = json(http.get(keyPath(ns, key)));
        assertThat(current.get("version").asLong()).isEqualTo(4);
        assertThat(current.get("value").get("title").asText()).isEqualTo("first");
        assertThat(awaitVersions(key, 4).getFirst().get("change").asText()).isEqualTo("updated");
    }

    @Test
    void restoreWithAStaleIfMatchIs412AndChangesNothing() {
        String key = "raced";
        put(key, "\"a\"");
        put(key, "\"b\"");
        awaitVersions(key, 2);

        HttpResponse<String> stale = restore(key, 1, "If-Match", "\"1\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("currentVersion").asLong()).isEqualTo(2);
        assertThat(json(http.get(keyPath(ns, key))).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void restoringADeleteIs409AndChangesNothing() {
        String key = "deleted-then-back";
        put(key, "\"a\"");
        http.delete(keyPath(ns, key));
        put(key, "\"b\"");
        awaitVersions(key, 3);

        HttpResponse<String> response = restore(key, 2);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("type").asText()).endsWith("/version-not-restorable");
        assertThat(json(http.get(keyPath(ns, key))).get("version").asLong()).isEqualTo(3);
    }

    @Test
    void restoreWithAnIdempotencyKeyIsReplayedNotWrittenTwice() {
        String key = "once";
        put(key, "\"a\"");
        put(key, "\"b\"");
        awaitVersions(key, 2);

        HttpResponse<String> first = restore(key, 1, "Idempotency-Key", "restore-once");
        HttpResponse<String> again = restore(key, 1, "Idempotency-Key", "restore-once");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.headers().firstValue("ETag")).hasValue("\"3\"");
        assertThat(json(http.get(keyPath(ns, key))).get("version").asLong()).isEqualTo(3);
    }

    @Test
    void badInputsAreProblemsAndChangeNothing() {
        String key = "guarded";
        put(key, "1");
        for (String path : List.of(
                keyPath(ns, key) + "?version=0",
                keyPath(ns, key) + "?version=abc",
                keyPath(ns, key) + "/versions?limit=0",
                keyPath(ns, key) + "/versions?limit=1001",
                keyPath(ns, key) + "/versions?cursor=not-a-cursor",
                keyPath(ns, key) + "/versions?what=1")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        for (String version : List.of("0", "-1", "x", "01")) {
            HttpResponse<String> response = http.send("POST", keyPath(ns, key) + "/versions/" + version + "/restore",
                    null);
            assertThat(response.statusCode()).as(version).isEqualTo(400);
        }
        assertThat(restore(key, 9).statusCode()).isEqualTo(404);
        assertThat(json(http.get(keyPath(ns, key))).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aCursorOfAnotherKeyIsRefused() {
        for (int v = 1; v <= 3; v++) {
            put("first", Integer.toString(v));
        }
        List<JsonNode> unused = awaitVersions("first", 3);
        String cursor = json(http.get(keyPath(ns, "first") + "/versions?limit=1")).get("nextCursor").asText();

        HttpResponse<String> response = http.get(keyPath(ns, "second") + "/versions?cursor=" + cursor);

        assertThat(unused).hasSize(3);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("type").asText()).endsWith("/invalid-cursor");
    }

    @Test
    void anotherTenantSeesNoneOfTheHistory() {
        String key = "private";
        put(key, "\"secret\"");
        awaitVersions(key, 1);
        String other = "Bearer " + TestStack.issuer().token("history-other", "state:read state:write");

        HttpResponse<String> listed = http.get(keyPath(ns, key) + "/versions", "Authorization", other);
        HttpResponse<String> read = http.get(keyPath(ns, key) + "?version=1", "Authorization", other);
        HttpResponse<String> restored = http.send("POST", keyPath(ns, key) + "/versions/1/restore", null,
                "Authorization", other);

        assertThat(listed.statusCode()).isEqualTo(404);
        assertThat(json(listed).get("type").asText()).endsWith("/namespace-not-found");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(restored.statusCode()).isEqualTo(404);
        assertThat(listed.body() + read.body() + restored.body()).doesNotContain("secret");
    }

    @Test
    void aKeyWhoseLastSegmentIsVersionsIsAddressedWithItsSlashEncoded() {
        String encoded = "a%252Fversions";
        assertThat(http.put(keyPath(ns, encoded), "{\"value\":\"mine\"}").statusCode()).isEqualTo(201);

        assertThat(json(http.get(keyPath(ns, encoded))).get("key").asText()).isEqualTo("a/versions");
        List<JsonNode> items = await().atMost(PIPELINE).until(() -> items(keyPath(ns, encoded) + "/versions"),
                list -> list.size() == 1);
        assertThat(items.getFirst().get("value").asText()).isEqualTo("mine");
        HttpResponse<String> historyOfA = http.get(keyPath(ns, "a") + "/versions");
        assertThat(json(historyOfA).get("key").asText()).isEqualTo("a");
        assertThat(json(historyOfA).get("items")).isEmpty();
    }

    @Test
    void otherMethodsOnHistoryPathsAre405AndWriteNoKey() {
        HttpResponse<String> putOnRestore = http.put(keyPath(ns, "a/versions/1/restore"), "{\"value\":1}");
        HttpResponse<String> putOnListing = http.put(keyPath(ns, "a/versions"), "{\"value\":1}");
        HttpResponse<String> getOfRestore = http.get(keyPath(ns, "a/versions/1/restore"));

        assertThat(putOnRestore.statusCode()).isEqualTo(405);
        assertThat(putOnRestore.headers().firstValue("Allow")).hasValue("POST");
        assertThat(putOnListing.statusCode()).isEqualTo(405);
        assertThat(putOnListing.headers().firstValue("Allow")).hasValue("GET");
        assertThat(getOfRestore.statusCode()).isEqualTo(405);
        assertThat(http.get(keyPath(ns, "a%252Fversions")).statusCode()).isEqualTo(404);
    }

    @Test
    void theNamespacesChangeRetentionSetsHowLongTheLogKeepsAChange() {
        HttpResponse<String> settings = http.put("/v1/namespaces/" + ns, "{\"changeRetentionDays\":30}");
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(201);
        assertThat(json(settings).get("settings").get("changeRetentionDays").asInt()).isEqualTo(30);
        assertThat(http.put("/v1/namespaces/" + ns, "{\"changeRetentionDays\":366}").statusCode()).isEqualTo(400);
        // The fan-out reads the setting through its 10-second cache; this namespace is new to it.
        put("kept", "1");
        awaitVersions("kept", 1);

        var item = TestStack.shared().dynamoDb().getItem(b -> b.tableName(TestStack.RESOURCES.changeLogTableName())
                .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                TestStack.partitionKey(ns) + "#kept"),
                        "seq", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("2")))).item();
        // Kept for the retention from when it entered the watch's feed (ADR 0037), just after its commit.
        long feedAtSeconds = Long.parseLong(item.get("feedAt").n()) / 1000;
        assertThat(Long.parseLong(item.get("feedAt").n())).isGreaterThanOrEqualTo(Long.parseLong(item.get("committedAt").n()));
        assertThat(Long.parseLong(item.get("expiresAt").n()) - feedAtSeconds).isEqualTo(30L * 86_400);
    }

    private HttpResponse<String> put(String key, String valueJson) {
        return http.put(keyPath(ns, key), "{\"value\":" + valueJson + "}");
    }

    private HttpResponse<String> restore(String key, long version, String... headers) {
        return http.send("POST", keyPath(ns, key) + "/versions/" + version + "/restore",
                "".getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Waits (bounded) until the key's history holds {@code count} changes; returns them, newest first. */
    private List<JsonNode> awaitVersions(String key, int count) {
        return await().atMost(PIPELINE).pollInterval(Duration.ofMillis(100))
                .until(() -> items(keyPath(ns, key) + "/versions"), list -> list.size() >= count);
    }

    private List<JsonNode> items(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(json(response).get("items").spliterator(), false).toList();
    }
}
