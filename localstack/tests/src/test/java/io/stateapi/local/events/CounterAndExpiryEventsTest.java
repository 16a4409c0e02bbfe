package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Increments and expiry changes (ADR 0034) through the HTTP API of the local stack: each
 * committed one is one change event on the tenant's FIFO queue, in version order, carrying the
 * exact number or the unchanged value.
 */
class CounterAndExpiryEventsTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("counter-events");
    private static final String NAMESPACE = "counters";
    private static final int WRITERS = 8;
    private static final int INCREMENTS_EACH = 25;
    private static final long DELTA = 3;

    /** Closed after the class's tests, and with it the stack it started. */
    @AutoClose
    private static ChangeQueueReader queue;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        queue = ChangeQueueReader.onOwnStack(RESOURCES);
        http = queue.http();
    }

    /**
     * No lost update, one event per version in order. An increment answered 503 (the emulator too
     * slow for the function's DynamoDB time budget on a loaded machine) may or may not have been
     * applied, as the 503 says; it is counted as unknown, and without any the figures are exact.
     */
    @Test
    void eightConcurrentIncrementersLoseNoUpdateAndEveryVersionIsOneEventInOrder() throws Exception {
        String key = "hits/home";
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":0}").statusCode()).isEqualTo(201);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger unknown = new AtomicInteger();

        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < INCREMENTS_EACH; i++) {
                        HttpResponse<String> response = increment(key, DELTA);
                        assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
                        (response.statusCode() == 200 ? acknowledged : unknown).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }

        var end = Http.json(http.get(Http.keyPath(NAMESPACE, key)));
        long applied = end.get("version").asLong() - 1;
        assertThat(end.get("value").asLong()).isEqualTo(DELTA * applied);
        assertThat(applied).isBetween((long) acknowledged.get(), (long) acknowledged.get() + unknown.get());
        if (unknown.get() == 0) {
            assertThat(end.get("value").asLong()).isEqualTo(DELTA * WRITERS * INCREMENTS_EACH);
            assertThat(applied).isEqualTo(WRITERS * INCREMENTS_EACH);
        }
        queue.awaitCaughtUp();
        List<ChangeQueueReader.Received> events = queue.receivedOf(key);
        assertThat(events).extracting(ChangeQueueReader.Received::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + applied).boxed().toList());
        assertThat(events).extracting(r -> r.event().path("data").path("value").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(0, applied).map(n -> n * DELTA).boxed().toList());
        assertThat(events.subList(1, events.size())).extracting(ChangeQueueReader.Received::type).containsOnly("updated");
        assertThat(events.getLast().event().path("data").path("value").isIntegralNumber()).isTrue();
    }

    @Test
    void aCounterCreatedByAnIncrementIsACreatedEventWithItsNumber() {
        String key = "created/by-increment";
        assertThat(increment(key, -9007199254740991L).statusCode()).isEqualTo(201);

        queue.awaitCaughtUp();

        assertThat(queue.changesOf(key)).containsExactly("created@1");
        assertThat(queue.receivedOf(key).getFirst().event().path("data").path("value").asLong()).isEqualTo(-9007199254740991L);
    }

    @Test
    void extendShortenAndClearAreOneUpdatedEventEachWithTheValueUnchanged() {
        String key = "sessions/s-1";
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":{\"user\":\"ana\"},\"ttlSeconds\":60}")
                .statusCode()).isEqualTo(201);
        assertThat(changeExpiry(key, "3600").statusCode()).isEqualTo(200);
        assertThat(changeExpiry(key, "30").statusCode()).isEqualTo(200);
        assertThat(changeExpiry(key, "null").statusCode()).isEqualTo(200);

        queue.awaitCaughtUp();

        assertThat(queue.changesOf(key)).containsExactly("created@1", "updated@2", "updated@3", "updated@4");
        assertThat(queue.receivedOf(key)).allSatisfy(r ->
                assertThat(r.event().path("data").path("value").path("user").asText()).isEqualTo("ana"));
        assertThat(queue.receivedOf(key).getLast().event().path("data").path("previousValue").path("user").asText())
                .isEqualTo("ana");
    }

    @Test
    void anIncrementRefusedWritesNothingAndEmitsNothing() {
        String key = "refused/text";
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":\"seven\"}").statusCode()).isEqualTo(201);
        assertThat(increment(key, 1).statusCode()).isEqualTo(409);
        assertThat(http.put(Http.keyPath(NAMESPACE, key), "{\"value\":9007199254740991}").statusCode()).isEqualTo(200);
        assertThat(increment(key, 1).statusCode()).isEqualTo(422);

        queue.awaitCaughtUp();

        assertThat(queue.changesOf(key)).containsExactly("created@1", "updated@2");
    }

    private static HttpResponse<String> increment(String key, long delta) {
        return http.send("POST", "/v1/namespaces/" + NAMESPACE + "/counters/" + key,
                ("{\"delta\":" + delta + "}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static HttpResponse<String> changeExpiry(String key, String ttlSeconds) {
        return http.send("PUT", "/v1/namespaces/" + NAMESPACE + "/expiry/" + key,
                ("{\"ttlSeconds\":" + ttlSeconds + "}").getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
    }
}
