package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.stateapi.client.exceptions.CursorExpiredException;
import io.stateapi.client.exceptions.InvalidCursorException;
import io.stateapi.client.support.CannedServer;
import io.stateapi.client.support.CannedServer.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's watch (ADR 0039) against a fake service on 127.0.0.1, for what the local stack cannot
 * be made to do on demand: a stream cut in the middle of an event, a 503 or 500 or 429 before the
 * answer, a 410, a long poll that never ends. Each request and the cursor it carried is recorded,
 * so "resumed from the right place" is checked on the wire.
 */
class WatchTest {

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(2).baseDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(20)).build();

    private final CannedServer server = CannedServer.start();
    private final List<RequestListener.Call> calls = new CopyOnWriteArrayList<>();
    private final StateClient client = StateClient.builder().endpoint(server.endpoint()).auth(Auth.bearer("token"))
            .retryPolicy(FAST).listener(new RequestListener() {
                @Override
                public void callFinished(Call call) {
                    calls.add(call);
                }
            }).build();
    private final StateNamespace ns = client.namespace("carts");
    private final List<WatchedChange> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static String change(String key, long version, String cursor) {
        return "id: " + cursor + "\nevent: change\ndata: {\"key\":\"" + key + "\",\"version\":" + version
                + ",\"change\":\"updated\",\"committedAt\":\"2026-12-02T10:00:00Z\",\"value\":{\"v\":" + version + "}}\n\n";
    }

    /** A response of the watch as Server-Sent Events: the retry hint, the changes, the closing cursor event. */
    private static Answer events(String batchCursor, String... changes) {
        return new Answer(200, Map.of("Content-Type", "text/event-stream"), "retry: 1000\n\n" + String.join("", changes)
                + "id: " + batchCursor + "\nevent: cursor\ndata: {\"cursor\":\"" + batchCursor + "\"}\n\n");
    }

    private List<String> lastEventIds() {
        return server.received().stream().map(r -> r.header("Last-Event-ID")).toList();
    }

    private List<String> handledVersions() {
        return handled.stream().map(c -> c.key() + "@" + c.version()).toList();
    }

    @Test
    void changesReachTheHandlerInOrderAndTheCursorFollowsEachAcceptedChange() {
        server.answer(events("c3", change("users/1", 1, "c1"), change("users/1", 2, "c2")), Answer.hold());

        try (Watch watch = ns.watch("users/", "c0", handled::add)) {
            await().until(() -> server.received().size() == 2);

            assertThat(handledVersions()).containsExactly("users/1@1", "users/1@2");
            assertThat(handled).extracting(WatchedChange::cursor).containsExactly("c1", "c2");
            assertThat(handled.getFirst().value()).hasValueSatisfying(v -> assertThat(v.path("v").asInt()).isEqualTo(1));
            assertThat(watch.cursor()).hasValue("c3");
        }
        CannedServer.Received first = server.received().getFirst();
        assertThat(first.target()).isEqualTo("/v1/namespaces/carts/changes?prefix=users%2F&waitSeconds=8");
        assertThat(first.header("Accept")).startsWith("text/event-stream");
        assertThat(lastEventIds()).containsExactly("c0", "c3");
        assertThat(calls).extracting(RequestListener.Call::operation).contains("WatchChanges");
    }

    private static String pending(String key, long version, String cursor) {
        return change(key, version, cursor).replace("event: change", "event: pending");
    }

    /**
     * With a pending handler the watch asks for pending changes (ADR 0060) and hands each one over
     * once, however often it comes; the handler gets the settled changes as without it, and the
     * cursor moves past the pending events after the settled ones.
     */
    @Test
    void pendingChangesReachThePendingHandlerOnceAndTheSettledOnesTheHandler() {
        List<WatchedChange> early = new CopyOnWriteArrayList<>();
        server.answer(events("c2", pending("users/1", 1, "p1"), pending("users/2", 1, "p2")),
                events("c4", change("users/1", 1, "c3"), pending("users/2", 1, "p4")),
                events("c5", change("users/2", 1, "c5")), Answer.hold());

        try (Watch watch = ns.watch("users/", "c0", handled::add, options -> options.onPending(early::add))) {
            await().until(() -> server.received().size() == 4);

            assertThat(early).extracting(c -> c.key() + "@" + c.version()).containsExactly("users/1@1", "users/2@1");
            assertThat(handledVersions()).containsExactly("users/1@1", "users/2@1");
            assertThat(watch.cursor()).hasValue("c5");
        }
        assertThat(server.received().getFirst().target())
                .isEqualTo("/v1/namespaces/carts/changes?prefix=users%2F&waitSeconds=8&pending=true");
        assertThat(lastEventIds()).containsExactly("c0", "c2", "c4", "c5");
    }

    @Test
    void aStreamCutInTheMiddleOfAnEventIsReadAgainFromTheCursorBeforeIt() {
        Answer whole = events("c2", change("a", 1, "c1"), change("a", 2, "c2"));
        int middleOfSecondEvent = whole.body().indexOf("id: c2") + 20;
        // Cut twice, so that the transport's own retries (2 attempts) give up and the watch resumes.
        server.answer(whole.cutAfter(middleOfSecondEvent), whole.cutAfter(middleOfSecondEvent), whole, Answer.hold());

        try (Watch watch = ns.watch("", "c0", handled::add)) {
            await().until(() -> server.received().size() == 4);
            assertThat(watch.cursor()).hasValue("c2");
        }
        assertThat(handledVersions()).containsExactly("a@1", "a@2");
        assertThat(lastEventIds()).containsExactly("c0", "c0", "c0", "c2");
    }

    @Test
    void unavailableFailedAndThrottledAnswersAreResumedFromTheSameCursor() {
        server.answer(Answer.problem(503, "service-unavailable"), Answer.problem(503, "service-unavailable"),
                Answer.problem(500, "internal-error"), Answer.json(429, "{\"message\":\"Too Many Requests\"}"),
                Answer.json(502, "{\"message\":\"Internal Server Error\"}"),
                events("c1", change("a", 7, "c1")), Answer.hold());

        try (Watch watch = ns.watch("", "c0", handled::add)) {
            await().until(() -> server.received().size() == 7);
            assertThat(watch.isRunning()).isTrue();
        }
        assertThat(handledVersions()).containsExactly("a@7");
        assertThat(lastEventIds()).containsExactly("c0", "c0", "c0", "c0", "c0", "c0", "c1");
    }

    @Test
    void aCursorOlderThanTheRetentionEndsTheWatchWithCursorExpired() {
        server.answer(new Answer(410, Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"https://stateapi.io/problems/cursor-expired\",\"title\":\"Cursor expired\",\"status\":410,"
                        + "\"detail\":\"take a snapshot\"}"));

        Watch watch = ns.watch("", "old", handled::add);

        assertThatThrownBy(() -> watch.await(Duration.ofSeconds(10))).isInstanceOf(CursorExpiredException.class)
                .satisfies(e -> assertThat(((CursorExpiredException) e).status()).isEqualTo(410));
        assertThat(watch.isRunning()).isFalse();
        assertThat(handled).isEmpty();
        assertThat(server.received()).hasSize(1);
        assertThat(watch.cursor()).hasValue("old");
    }

    @Test
    void aRefusedCursorEndsTheWatchRatherThanRetryingForever() {
        server.answer(Answer.problem(400, "invalid-cursor"));

        Watch watch = ns.watch("", "forged", handled::add);

        assertThatThrownBy(() -> watch.await(Duration.ofSeconds(10))).isInstanceOf(InvalidCursorException.class);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void closeStopsAWatchWaitingForChangesPromptly() {
        server.answer(Answer.hold());
        Watch watch = ns.watch("", null, handled::add);
        await().until(() -> server.received().size() == 1);

        assertTimeoutPreemptively(Duration.ofSeconds(2), watch::close);

        assertThat(watch.completion()).isCompletedWithValue(null);
        assertThat(server.received().getFirst().header("Last-Event-ID")).isNull();
    }

    @Test
    void aHandlerThatThrowsEndsTheWatchWithItsExceptionAndTheCursorStaysAtTheLastAcceptedChange() {
        server.answer(events("c3", change("a", 1, "c1"), change("a", 2, "c2"), change("a", 3, "c3")));
        IllegalStateException refusal = new IllegalStateException("cannot apply a@2");

        Watch watch = ns.watch("", "c0", change -> {
            if (change.version() == 2) {
                throw refusal;
            }
            handled.add(change);
        });

        assertThatThrownBy(() -> watch.await(Duration.ofSeconds(10))).isSameAs(refusal);
        assertThat(handledVersions()).containsExactly("a@1");
        assertThat(watch.cursor()).hasValue("c1");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void theLongPollSendsTheCursorAsAfterAndMovesItWithEachBatch() {
        server.answer(Answer.json(200, "{\"namespace\":\"carts\",\"items\":[{\"key\":\"a\",\"version\":1,\"change\":"
                        + "\"created\",\"committedAt\":\"2026-12-02T10:00:00Z\",\"value\":1},{\"key\":\"a\",\"version\":2,"
                        + "\"change\":\"deleted\",\"committedAt\":\"2026-12-02T10:00:01Z\"}],\"cursor\":\"b/1+=\"}"),
                Answer.hold());

        try (Watch watch = ns.watch("", "b0", handled::add, o -> o.protocol(WatchOptions.Protocol.LONG_POLL)
                .waitTime(Duration.ofSeconds(2)).batchSize(50))) {
            await().until(() -> server.received().size() == 2);
            assertThat(watch.cursor()).hasValue("b/1+=");
        }
        assertThat(handledVersions()).containsExactly("a@1", "a@2");
        assertThat(handled.get(1).deleted()).isTrue();
        assertThat(handled.get(1).value()).isEmpty();
        assertThat(server.received()).extracting(CannedServer.Received::target).containsExactly(
                "/v1/namespaces/carts/changes?waitSeconds=2&limit=50&after=b0",
                "/v1/namespaces/carts/changes?waitSeconds=2&limit=50&after=b%2F1%2B%3D");
        assertThat(server.received().getFirst().header("Accept")).startsWith("application/json");
    }

    @Test
    void aSnapshotReadsEveryPageAndKeepsTheFirstPagesCursor() {
        server.answer(Answer.json(200, "{\"namespace\":\"carts\",\"prefix\":\"u/\",\"items\":[{\"key\":\"u/1\",\"version\":3,"
                        + "\"createdAt\":\"2026-12-02T10:00:00Z\",\"updatedAt\":\"2026-12-02T10:00:00Z\",\"expiresAt\":null,"
                        + "\"value\":{\"n\":1}}],\"nextPage\":\"p2\",\"cursor\":\"s0\"}"),
                Answer.json(200, "{\"namespace\":\"carts\",\"prefix\":\"u/\",\"items\":[{\"key\":\"u/2\",\"version\":1,"
                        + "\"createdAt\":\"2026-12-02T10:00:00Z\",\"updatedAt\":\"2026-12-02T10:00:00Z\",\"expiresAt\":null,"
                        + "\"value\":2}],\"nextPage\":null,\"cursor\":null}"));

        Snapshot snapshot = ns.snapshot("u/");

        assertThat(snapshot.cursor()).isEqualTo("s0");
        assertThat(snapshot.entries()).extracting(Versioned::key).containsExactly("u/1", "u/2");
        assertThat(snapshot.versions()).isEqualTo(Map.of("u/1", 3L, "u/2", 1L));
        assertThat(server.received()).extracting(CannedServer.Received::target).containsExactly(
                "/v1/namespaces/carts/changes/snapshot?prefix=u%2F",
                "/v1/namespaces/carts/changes/snapshot?prefix=u%2F&page=p2");
        assertThat(calls).extracting(RequestListener.Call::operation).containsExactly("GetSnapshot", "GetSnapshot");
    }

    @Test
    void aWatchFromASnapshotDropsTheChangesTheSnapshotShowsAlready() throws ExecutionException, InterruptedException {
        Snapshot snapshot = new Snapshot("carts", "u/", List.of(
                new Versioned<>("carts", "u/1", null, 3, null, null, null)), "s0");
        server.answer(events("c4", change("u/1", 2, "c1"), change("u/1", 3, "c2"), change("u/2", 1, "c3"),
                change("u/1", 4, "c4")), Answer.hold());

        try (Watch watch = ns.async().watch(snapshot, handled::add)) {
            await().until(() -> server.received().size() == 2);
            assertThat(watch.cursor()).hasValue("c4");
        }
        assertThat(handledVersions()).containsExactly("u/2@1", "u/1@4");
        assertThat(server.received().getFirst().target()).contains("prefix=u%2F");
        assertThat(lastEventIds()).containsExactly("s0", "c4");
    }

    @Test
    void aHandlerThatClosesItsWatchGetsNoFurtherChangeAndTheCursorIsItsOwn() throws InterruptedException {
        server.answer(events("c3", change("a", 1, "c1"), change("a", 2, "c2"), change("a", 3, "c3")));
        java.util.concurrent.atomic.AtomicReference<Watch> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        Watch watch = ns.watch("", "c0", change -> {
            started.await();
            handled.add(change);
            if (change.version() == 2) {
                self.get().close();
            }
        });
        self.set(watch);
        started.countDown();

        assertThat(watch.await(Duration.ofSeconds(10))).isTrue();
        assertThat(handledVersions()).containsExactly("a@1", "a@2");
        assertThat(watch.cursor()).hasValue("c2");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void theAsyncSnapshotIsTheSameCallAsAFuture() {
        server.answer(Answer.json(200, "{\"namespace\":\"carts\",\"prefix\":\"\",\"items\":[],\"nextPage\":null,"
                + "\"cursor\":\"s0\"}"));

        Snapshot snapshot = ns.async().snapshot("").join();

        assertThat(snapshot.entries()).isEmpty();
        assertThat(snapshot.cursor()).isEqualTo("s0");
        assertThat(server.received().getFirst().target()).isEqualTo("/v1/namespaces/carts/changes/snapshot");
    }

    @Test
    void optionsTheServiceWouldRefuseAreRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> WatchOptions.builder().waitTime(Duration.ofSeconds(9)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WatchOptions.builder().waitTime(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WatchOptions.builder().batchSize(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(WatchOptions.defaults().toBuilder().build().waitTime()).isEqualTo(WatchOptions.MAX_WAIT);
        assertThat(server.received()).isEmpty();
    }

    /**
     * A body without a length that ends (the connection closed) in the middle of an event, as a
     * stream cut by a proxy reads: the events before the cut are handed over, the cut one is not,
     * and the watch resumes from the last change it handed over.
     */
    @Test
    void aStreamWithoutALengthCutInTheMiddleOfAnEventHandsOverTheEventsBeforeItAndResumesAfterThem()
            throws Exception {
        String cut = "retry: 1000\n\n" + change("a", 1, "c1") + change("a", 2, "c2").substring(0, 30);
        List<String> lastEventIds = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             StateClient direct = StateClient.builder().endpoint(java.net.URI.create("http://127.0.0.1:"
                     + socket.getLocalPort())).auth(Auth.bearer("token")).retryPolicy(FAST).build()) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int connection = 0; ; connection++) {
                        java.net.Socket client = socket.accept();
                        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                                client.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("last-event-id:")) {
                                lastEventIds.add(line.substring("last-event-id:".length()).strip());
                            }
                        }
                        if (connection == 0) {
                            // No Content-Length, no chunking: the body ends where the connection does.
                            client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    + "Connection: close\r\n\r\n" + cut).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            client.close();
                        }   // later connections get no answer: the watch waits there
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });

            try (Watch watch = direct.namespace("carts").watch("", "c0", handled::add)) {
                await().until(() -> lastEventIds.size() == 2);
                assertThat(watch.cursor()).hasValue("c1");
            }
        }
        assertThat(handledVersions()).containsExactly("a@1");
        assertThat(lastEventIds).containsExactly("c0", "c1");
    }

    @Test
    void closingTheClientClosesItsWatchesPromptlyAndAWatchOfAClosedClientEndsAtOnce() {
        server.answer(Answer.hold());
        Watch watch = ns.watch("", "c0", handled::add);
        await().until(() -> server.received().size() == 1);

        assertTimeoutPreemptively(Duration.ofSeconds(3), client::close);

        assertThat(watch.completion()).isCompletedWithValue(null);
        Watch late = ns.watch("", "c0", handled::add);
        assertThat(late.completion()).succeedsWithin(Duration.ofSeconds(3));
        assertThat(server.received()).hasSize(1);
    }
}
