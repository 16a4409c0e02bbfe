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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The watch's pending changes (ADR 0060) through the local stack's HTTP API, against the change
 * log the fan-out writes: a change comes as pending before it has settled, comes again settled
 * exactly once, and the cursor resumes the settled feed with no gap and no duplicate as without
 * pending changes (ADR 0037). Waits are bounded loops of long polls; nothing is timed.
 */
class PendingChangesEndToEndTest {

    /** Longest a test waits for its changes to settle: the settle window and the pipeline, with room. */
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String PREFIX = "p/";

    private final WatchFixture watch = new WatchFixture("pending");
    private final Http http = watch.http;
    private final String ns = watch.ns;

    private void put(String key, String value) {
        watch.put(key, value);
    }

    private String live(String query) {
        return "/v1/namespaces/" + ns + "/changes?pending=true&prefix=" + PREFIX + query;
    }

    private String snapshotCursor() {
        return watch.snapshotCursor(PREFIX);
    }

    private static String name(JsonNode item) {
        return item.get("key").asText() + "@" + item.get("version").asLong();
    }

    /**
     * The change comes in {@code pending}, which holds only changes above the settle horizon: it is
     * served before the settled feed could serve it. Then it comes once in {@code items}.
     */
    @Test
    void aChangeComesAsPendingBeforeItSettlesAndThenOnceSettled() {
        put("other/seed", "0");
        String cursor = snapshotCursor();
        put(PREFIX + "a", "{\"total\":12}");

        List<String> pending = new ArrayList<>();
        List<String> settled = new ArrayList<>();
        JsonNode early = null;
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (settled.isEmpty() && Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.get(live("&waitSeconds=8&after=" + cursor));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode batch = json(response);
            for (JsonNode item : batch.get("pending")) {
                pending.add(name(item));
                early = early == null ? item : early;
            }
            batch.get("items").forEach(item -> settled.add(name(item)));
            cursor = batch.get("cursor").asText();
        }

        assertThat(pending).containsExactly(PREFIX + "a@1");
        assertThat(early.get("change").asText()).isEqualTo("created");
        assertThat(early.get("value").get("total").asInt()).isEqualTo(12);
        assertThat(early.has("committedAt")).isTrue();
        assertThat(settled).containsExactly(PREFIX + "a@1");
    }

    /**
     * Writers on several keys while watchers that ask for pending changes, on JSON and on
     * Server-Sent Events, drop answers at random points and resume from the last cursor they kept:
     * each sees every key's versions 1..N settled, in order, once, and every change it was given
     * as pending is one of them.
     */
    @Test
    void watchersWithPendingChangesThatResumeAtRandomPointsSeeEverySettledVersionOnceInOrder() throws Exception {
        put("other/seed", "0");
        int keys = 3;
        int versions = 8;
        String start = snapshotCursor();
        ExecutorService pool = Executors.newFixedThreadPool(keys + 2);
        try {
            List<Future<Seen>> watchers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                boolean events = w == 1;
                long seed = 2000L + w;
                watchers.add(pool.submit(() -> watch(start, keys, versions, events, new Random(seed))));
            }
            watch.writeVersions(pool, PREFIX, keys, versions);
            List<Long> expected = LongStream.rangeClosed(1, versions).boxed().toList();
            for (Future<Seen> watcher : watchers) {
                Seen seen = watcher.get(CATCH_UP.toSeconds() + 30, TimeUnit.SECONDS);
                assertThat(seen.settled()).hasSize(keys);
                seen.settled().forEach((key, seenVersions) -> assertThat(seenVersions).as(key).isEqualTo(expected));
                assertThat(seen.pending()).as("changes given as pending").isNotEmpty();
                Set<String> settledNames = new LinkedHashSet<>();
                seen.settled().forEach((key, vs) -> vs.forEach(v -> settledNames.add(key + "@" + v)));
                assertThat(settledNames).containsAll(seen.pending());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Seen(Map<String, List<Long>> settled, Set<String> pending) {
    }

    private Seen watch(String start, int keys, int versions, boolean events, Random random) {
        Map<String, List<Long>> settled = new TreeMap<>();
        Set<String> pending = new LinkedHashSet<>();
        String cursor = start;
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (Instant.now().isBefore(deadline) && !complete(settled, keys, versions)) {
            String path = live("&waitSeconds=2&limit=" + (1 + random.nextInt(5)));
            if (events) {
                HttpResponse<String> response = http.get(path, "Accept", "text/event-stream", "Last-Event-ID", cursor);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                List<Map<String, String>> stream = events(response.body());
                int keep = random.nextInt(4) == 0 ? random.nextInt(stream.size() + 1) : stream.size();
                for (Map<String, String> event : stream.subList(0, keep)) {
                    JsonNode data = StateJson.parse(event.get("data").getBytes(StandardCharsets.UTF_8));
                    switch (event.get("event")) {
                        case "change" -> settled.computeIfAbsent(data.get("key").asText(), k -> new ArrayList<>())
                                .add(data.get("version").asLong());
                        case "pending" -> pending.add(name(data));
                        default -> { }
                    }
                    cursor = event.get("id");
                }
            } else {
                HttpResponse<String> response = http.get(path + "&after=" + cursor);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                if (random.nextInt(4) == 0) {
                    continue;  // the answer was lost: resume from the same cursor
                }
                JsonNode batch = json(response);
                batch.get("items").forEach(item -> settled.computeIfAbsent(item.get("key").asText(),
                        k -> new ArrayList<>()).add(item.get("version").asLong()));
                batch.get("pending").forEach(item -> pending.add(name(item)));
                cursor = batch.get("cursor").asText();
            }
        }
        return new Seen(settled, pending);
    }

    /** Pending events follow the settled ones and precede the cursor; resuming from one does not repeat it. */
    @Test
    void anEventStreamCarriesPendingEventsWithIdsBeforeItsCursorEvent() {
        put("other/seed", "0");
        String cursor = snapshotCursor();
        put(PREFIX + "e", "1");

        List<Map<String, String>> stream = List.of();
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (stream.stream().noneMatch(e -> e.get("event").equals("pending")) && Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.get(live("&waitSeconds=8"), "Accept", "text/event-stream",
                    "Last-Event-ID", cursor);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            stream = events(response.body());
            cursor = stream.getLast().get("id");
        }

        assertThat(stream).extracting(e -> e.get("event")).containsExactly("pending", "cursor");
        assertThat(name(StateJson.parse(stream.getFirst().get("data").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(PREFIX + "e@1");
        HttpResponse<String> resumed = http.get(live("&waitSeconds=0"), "Accept", "text/event-stream",
                "Last-Event-ID", stream.getFirst().get("id"));
        assertThat(events(resumed.body())).extracting(e -> e.get("event")).doesNotContain("pending");
    }

    @Test
    void pendingChangesFollowThePrefixAndTheCursorItsTenant() {
        put("other/seed", "0");
        String cursor = snapshotCursor();
        put("other/x", "1");
        put(PREFIX + "x", "1");

        JsonNode batch = null;
        Instant deadline = Instant.now().plus(CATCH_UP);
        while ((batch == null || batch.get("pending").isEmpty()) && Instant.now().isBefore(deadline)) {
            batch = json(http.get(live("&waitSeconds=8&after=" + cursor)));
            cursor = batch.get("cursor").asText();
        }
        String marked = cursor;
        String[] otherTenant = {"Authorization", "Bearer " + TestStack.issuer().token(
                TokenGrant.of("other-" + ns, "state:read state:write"))};
        assertThat(http.put(keyPath(ns, PREFIX + "x"), "{\"value\":1}", otherTenant).statusCode()).isEqualTo(201);

        List<String> pending = new ArrayList<>();
        batch.get("pending").forEach(item -> pending.add(name(item)));
        assertThat(pending).containsExactly(PREFIX + "x@1");
        assertProblem(http.get(live("&waitSeconds=0&after=" + marked), otherTenant), 400, "invalid-cursor");
        assertProblem(http.get("/v1/namespaces/" + ns + "/changes?pending=true&prefix=other/&waitSeconds=0&after="
                + marked), 400, "invalid-cursor");
        assertProblem(http.get("/v1/namespaces/" + ns + "/changes?pending=yes"), 400, "invalid-request");
        HttpResponse<String> withoutPending = http.get("/v1/namespaces/" + ns + "/changes?prefix=" + PREFIX
                + "&waitSeconds=0&after=" + marked);
        assertThat(withoutPending.statusCode()).as(withoutPending.body()).isEqualTo(200);
        assertThat(json(withoutPending).has("pending")).isFalse();
    }
}
