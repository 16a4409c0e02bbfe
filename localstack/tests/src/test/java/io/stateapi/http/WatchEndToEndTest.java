package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static io.stateapi.http.WatchFixture.assertProblem;
import static io.stateapi.http.WatchFixture.complete;
import static io.stateapi.http.WatchFixture.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The resumable watch (ADR 0037) through the local stack's HTTP API, against the change log the
 * fan-out writes. A change is served once it is older than the settle window (8 s), so each test
 * waits that long once, with a bounded loop of short long polls and no fixed sleep. Every
 * response is checked against the OpenAPI contract ({@link Http}).
 */
class WatchEndToEndTest {

    /** Longest a test waits for the watchers to catch up: the settle window and the pipeline, with room. */
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String PREFIX = "w/";

    private final WatchFixture watch = new WatchFixture("watch");
    private final Http http = watch.http;
    private final String ns = watch.ns;

    private void put(String key, String value) {
        watch.put(key, value);
    }

    private String changes(String prefix) {
        return watch.changes(prefix);
    }

    private String snapshotCursor(String prefix) {
        return watch.snapshotCursor(prefix);
    }

    /**
     * Writers on several keys while three watchers, two on JSON and one on Server-Sent Events,
     * drop what they were given at random points (a whole answer, or the rest of an event
     * stream) and resume from the last cursor they kept: each sees every key's versions 1..N,
     * in order, once.
     */
    @Test
    void watchersThatDisconnectAtRandomPointsAndResumeSeeEveryVersionOfEveryKeyOnceInOrder() throws Exception {
        put("other/seed", "0");
        int keys = 4;
        int versions = 12;
        String start = snapshotCursor(PREFIX);
        ExecutorService pool = Executors.newFixedThreadPool(keys + 3);
        try {
            List<Future<Map<String, List<Long>>>> watchers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                boolean events = w == 2;
                long seed = 1000L + w;
                watchers.add(pool.submit(() -> watch(start, keys, versions, events, new Random(seed))));
            }
            watch.writeVersions(pool, PREFIX, keys, versions);
            List<Long> expected = LongStream.rangeClosed(1, versions).boxed().toList();
            for (Future<Map<String, List<Long>>> watcher : watchers) {
                Map<String, List<Long>> seen = watcher.get(CATCH_UP.toSeconds() + 30, TimeUnit.SECONDS);
                assertThat(seen).hasSize(keys);
                seen.forEach((key, seenVersions) -> assertThat(seenVersions).as(key).isEqualTo(expected));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One watcher until it has every version of every key (or the catch-up time ends): what it saw, per key. */
    private Map<String, List<Long>> watch(String start, int keys, int versions, boolean events, Random random) {
        Map<String, List<Long>> seen = new TreeMap<>();
        String cursor = start;
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (Instant.now().isBefore(deadline) && !complete(seen, keys, versions)) {
            String path = changes(PREFIX) + "&waitSeconds=1&limit=" + (1 + random.nextInt(5));
            if (events) {
                HttpResponse<String> response = http.get(path, "Accept", "text/event-stream", "Last-Event-ID", cursor);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/event-stream"));
                List<Map<String, String>> stream = events(response.body());
                // Reads the events one by one and may drop the connection after any of them.
                int keep = random.nextInt(4) == 0 ? random.nextInt(stream.size() + 1) : stream.size();
                for (Map<String, String> event : stream.subList(0, keep)) {
                    if (event.get("event").equals("change")) {
                        JsonNode change = StateJson.parse(event.get("data").getBytes(StandardCharsets.UTF_8));
                        seen.computeIfAbsent(change.get("key").asText(), k -> new ArrayList<>())
                                .add(change.get("version").asLong());
                    }
                    cursor = event.get("id");
                }
            } else {
                HttpResponse<String> response = http.get(path + "&after=" + cursor);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                if (random.nextInt(4) == 0) {
                    continue;  // the connection dropped before the answer was read: resume from the same cursor
                }
                JsonNode batch = json(response);
                batch.get("items").forEach(item -> seen.computeIfAbsent(item.get("key").asText(),
                        k -> new ArrayList<>()).add(item.get("version").asLong()));
                cursor = batch.get("cursor").asText();
            }
        }
        return seen;
    }

    @Test
    void anEventStreamEndsWithTheBatchCursorSoAnIdleClientMovesOn() {
        put("other/seed", "0");
        HttpResponse<String> response = http.get(changes(PREFIX) + "&waitSeconds=0", "Accept", "text/event-stream");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).startsWith("retry: ");
        List<Map<String, String>> stream = events(response.body());
        assertThat(stream).extracting(e -> e.get("event")).containsExactly("cursor");
        assertThat(stream.getFirst().get("id")).isNotBlank();
    }

    /**
     * A snapshot and the watch from its cursor: the changes after it all come; those before it
     * that come again are versions the snapshot shows already, which the client drops.
     */
    @Test
    void aSnapshotAndTheWatchFromItsCursorMissNothingAndRepeatOnlyWhatTheSnapshotShows() {
        put(PREFIX + "a", "1");
        put(PREFIX + "a", "2");
        HttpResponse<String> snapshot = http.get("/v1/namespaces/" + ns + "/changes/snapshot?prefix=" + PREFIX);
        assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(200);
        Map<String, Long> shown = new HashMap<>();
        json(snapshot).get("items").forEach(item -> shown.put(item.get("key").asText(), item.get("version").asLong()));
        put(PREFIX + "a", "3");
        put(PREFIX + "b", "1");

        List<String> news = new ArrayList<>();
        String cursor = json(snapshot).get("cursor").asText();
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (news.size() < 2 && Instant.now().isBefore(deadline)) {
            HttpResponse<String> batch = http.get(changes(PREFIX) + "&waitSeconds=2&after=" + cursor);
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            for (JsonNode item : json(batch).get("items")) {
                String key = item.get("key").asText();
                long version = item.get("version").asLong();
                if (version > shown.getOrDefault(key, 0L)) {
                    news.add(key + "@" + version);
                }
            }
            cursor = json(batch).get("cursor").asText();
        }

        assertThat(shown).containsExactly(Map.entry(PREFIX + "a", 2L));
        assertThat(news).containsExactlyInAnyOrder(PREFIX + "a@3", PREFIX + "b@1");
    }

    @Test
    void badCursorsLimitsAndWaitsAreProblemsAndAnotherTenantsCursorOrNamespaceIsRefused() {
        put(PREFIX + "x", "1");
        String cursor = snapshotCursor(PREFIX);
        String other = "other-" + ns;
        String[] otherTenant = {"Authorization", "Bearer " + TestStack.issuer().token(
                TokenGrant.of(other, "state:read state:write"))};
        HttpResponse<String> theirs = http.put(keyPath(ns, PREFIX + "x"), "{\"value\":1}", otherTenant);
        assertThat(theirs.statusCode()).isEqualTo(201);

        assertProblem(http.get(changes(PREFIX) + "&waitSeconds=0&after=not-a-cursor"), 400, "invalid-cursor");
        assertProblem(http.get(changes("") + "&waitSeconds=0&after=" + cursor), 400, "invalid-cursor");
        assertProblem(http.get(changes(PREFIX) + "&waitSeconds=0&after=" + cursor, otherTenant), 400, "invalid-cursor");
        assertProblem(http.get(changes(PREFIX) + "&limit=0"), 400, "invalid-request");
        assertProblem(http.get(changes(PREFIX) + "&limit=1001"), 400, "invalid-request");
        assertProblem(http.get(changes(PREFIX) + "&waitSeconds=9"), 400, "invalid-request");
        assertProblem(http.get(changes(PREFIX) + "&waitSeconds=-1"), 400, "invalid-request");
        assertProblem(http.get(changes(PREFIX) + "&since=1"), 400, "invalid-request");
        assertProblem(http.get("/v1/namespaces/" + TestStack.uniqueNamespace("none") + "/changes?waitSeconds=0"),
                404, "namespace-not-found");
        assertProblem(http.get("/v1/namespaces/" + ns + "/changes/snapshot?page=nope"), 400, "invalid-cursor");
    }
}
