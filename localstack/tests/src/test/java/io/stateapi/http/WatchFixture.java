package io.stateapi.http;

import static io.stateapi.http.Http.json;
import static io.stateapi.http.Http.keyPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.local.TestStack;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A namespace of its own on the shared stack, for a test of the watch (ADR 0037) or of its pending
 * changes (ADR 0060): its writes, its snapshot cursor, and how a client reads what the watch
 * answers (Server-Sent Events, problems). {@code WatchEndToEndTest} and
 * {@code PendingChangesEndToEndTest} each had a copy.
 */
final class WatchFixture {

    final Http http = new Http(TestStack.shared().api());
    final String ns;

    WatchFixture(String namespacePrefix) {
        this.ns = TestStack.uniqueNamespace(namespacePrefix);
    }

    HttpResponse<String> put(String key, String value) {
        HttpResponse<String> response = http.put(keyPath(ns, key), "{\"value\":" + value + "}");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return response;
    }

    /**
     * Writes versions 1..{@code versions} of the keys {@code prefix}k0.. ({@code keys} of them), one
     * writer a key on {@code pool}, and returns when every write has been answered.
     */
    void writeVersions(ExecutorService pool, String prefix, int keys, int versions) throws Exception {
        List<Future<?>> writers = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String key = prefix + "k" + k;
            writers.add(pool.submit(() -> {
                for (int v = 1; v <= versions; v++) {
                    put(key, "{\"v\":" + v + "}");
                }
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
    }

    /** {@code GET .../changes?prefix=} of the namespace, to which a test adds its own parameters. */
    String changes(String prefix) {
        return "/v1/namespaces/" + ns + "/changes?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
    }

    /** The cursor of a snapshot of the keys under {@code prefix}: the watch from it misses nothing after it. */
    String snapshotCursor(String prefix) {
        HttpResponse<String> snapshot = http.get("/v1/namespaces/" + ns + "/changes/snapshot?prefix="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(200);
        return json(snapshot).get("cursor").asText();
    }

    /** Whether a watcher has seen {@code versions} versions of each of {@code keys} keys. */
    static boolean complete(Map<String, List<Long>> seen, int keys, int versions) {
        return seen.size() == keys && seen.values().stream().allMatch(v -> v.size() >= versions);
    }

    /** A text/event-stream body's events (the retry hint dropped), each as its fields. */
    static List<Map<String, String>> events(String body) {
        List<Map<String, String>> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String line : block.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            if (fields.containsKey("event")) {
                events.add(fields);
            }
        }
        return events;
    }

    static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("type").asText()).isEqualTo("https://stateapi.io/problems/" + slug);
    }
}
