package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.http.Http;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Patches without {@code If-Match} from many writers on one key lose no update: the service's
 * compare-and-set loop applies each patch to exactly one version (ADR 0029), and each committed
 * patch is one change event.
 *
 * <p>Contention, not volume, is what the check needs: eight writers on one key contend on every
 * round. Ten patches each (25 before, issue 14) are enough: with the loop's write made
 * unconditional, 23 and 21 of the 80 patches were left.
 */
class ConcurrentPatchesTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("patch-e2e");
    private static final String NAMESPACE = "patches";
    private static final int WRITERS = 8;
    private static final int PATCHES_EACH = 10;

    /** Closed after the class's tests, and with it the stack it started. */
    @AutoClose
    private static ChangeQueueReader queue;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        queue = ChangeQueueReader.onOwnStack(RESOURCES);
        http = queue.http();
    }

    @Test
    void eightWritersEachApplyingTenJsonPatchesToOneKeyLoseNoUpdate() throws Exception {
        String key = "contended/json-patch";
        String path = Http.keyPath(NAMESPACE, key);
        assertThat(http.put(path, "{\"value\":{\"members\":{},\"log\":[]}}").statusCode()).isEqualTo(201);
        AtomicInteger unavailable = new AtomicInteger();

        runWriters((writer, i) -> send(path, "application/json-patch+json",
                "[{\"op\":\"add\",\"path\":\"/members/w" + writer + "-" + i + "\",\"value\":" + i + "},"
                        + "{\"op\":\"add\",\"path\":\"/log/-\",\"value\":\"w" + writer + "-" + i + "\"}]",
                "w" + writer + "-" + i, unavailable));

        JsonNode end = Http.json(http.get(path));
        int patches = WRITERS * PATCHES_EACH;
        assertThat(end.get("value").get("members").size()).isEqualTo(patches);
        assertThat(end.get("value").get("log").size()).isEqualTo(patches);
        assertThat(end.get("version").asLong()).as("one version per patch").isEqualTo(1 + patches);
        assertEventPerVersion(key, 1 + patches);
    }

    @Test
    void eightWritersEachApplyingTenMergePatchesToOneKeyLoseNoUpdate() throws Exception {
        String key = "contended/merge-patch";
        String path = Http.keyPath(NAMESPACE, key);
        assertThat(http.put(path, "{\"value\":{}}").statusCode()).isEqualTo(201);
        AtomicInteger unavailable = new AtomicInteger();

        runWriters((writer, i) -> send(path, "application/merge-patch+json",
                "{\"w" + writer + "-" + i + "\":" + i + "}", "m" + writer + "-" + i, unavailable));

        JsonNode end = Http.json(http.get(path));
        int patches = WRITERS * PATCHES_EACH;
        assertThat(end.get("value").size()).isEqualTo(patches);
        assertThat(end.get("version").asLong()).isEqualTo(1 + patches);
        assertEventPerVersion(key, 1 + patches);
    }

    /**
     * Sends one patch; a 503 (contention outlasted the service's rounds) is sent again with the
     * same Idempotency-Key, as the SDK does, so it is applied at most once.
     */
    private static void send(String path, String mediaType, String body, String idempotencyKey, AtomicInteger unavailable) {
        while (true) {
            HttpResponse<String> response = http.send("PATCH", path, body.getBytes(StandardCharsets.UTF_8),
                    "Content-Type", mediaType, "Idempotency-Key", idempotencyKey);
            if (response.statusCode() == 503) {
                unavailable.incrementAndGet();
                continue;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return;
        }
    }

    private interface Writer {
        void patch(int writer, int i);
    }

    private static void runWriters(Writer writer) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < PATCHES_EACH; i++) {
                        writer.patch(id, i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        }
    }

    private static void assertEventPerVersion(String key, int versions) {
        queue.awaitCaughtUp();
        assertThat(queue.changesOf(key)).containsExactlyElementsOf(ChangeQueueReader.createdThenUpdated(versions));
    }
}
