package io.stateapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.stateapi.client.exceptions.CursorExpiredException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.FaultProxy.Fault;
import io.stateapi.client.support.TestStack;
import io.stateapi.domain.cursors.CursorScope;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.http.ApiFunction;
import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.auth.JwtAuthorizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's watch (ADR 0039) against the local stack: the real api function, change pipeline and
 * change log. A change is served once it is 8 s old (ADR 0037's settle window), so each test
 * waits that long once, with Awaitility and no fixed sleep.
 */
class WatchEndToEndTest {

    /** The settle window, the pipeline and a loaded machine, with room. */
    private static final Duration CATCH_UP = Duration.ofSeconds(120);
    private static final String PREFIX = "w/";
    private static final RetryPolicy FAST = RetryPolicy.builder()
            .maxAttempts(2).baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(200)).build();

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final String name = TestStack.uniqueNamespace("watch");
    private final StateNamespace ns = client(TestStack.get().apiEndpoint()).namespace(name);

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private StateClient client(java.net.URI endpoint) {
        StateClient client = TestStack.get().client(endpoint).retryPolicy(FAST)
                .build();
        resources.add(client);
        return client;
    }

    private static void record(Map<String, List<Long>> seen, WatchedChange change) {
        seen.computeIfAbsent(change.key(), k -> new CopyOnWriteArrayList<>()).add(change.version());
    }

    private static boolean complete(Map<String, List<Long>> seen, int keys, int versions) {
        return seen.size() == keys && seen.values().stream().allMatch(v -> v.size() >= versions);
    }

    @Test
    void aWatchFromASnapshotHandsOverEveryLaterChangeOnceInOrderWithItsValue() {
        ns.put(PREFIX + "a", Map.of("n", 1));
        Snapshot snapshot = ns.snapshot(PREFIX);
        List<WatchedChange> handled = new CopyOnWriteArrayList<>();

        try (Watch watch = ns.watch(snapshot, handled::add)) {
            ns.put(PREFIX + "a", Map.of("n", 2));
            ns.put(PREFIX + "b", Map.of("n", 1));
            ns.delete(PREFIX + "a");
            ns.put("elsewhere", 1);

            await().atMost(CATCH_UP).until(() -> handled.size() >= 3);
            assertThat(watch.isRunning()).isTrue();
            assertThat(watch.cursor()).isPresent();
        }
        assertThat(snapshot.versions()).isEqualTo(Map.of(PREFIX + "a", 1L));
        assertThat(handled).extracting(c -> c.key() + "@" + c.version() + ":" + c.change())
                .containsExactly(PREFIX + "a@2:updated", PREFIX + "b@1:created", PREFIX + "a@3:deleted");
        assertThat(handled.getFirst().value()).hasValueSatisfying(v -> assertThat(v.path("n").asInt()).isEqualTo(2));
        assertThat(handled.getLast().value()).isEmpty();
    }

    /**
     * With a pending handler (ADR 0060) a change reaches it before the watch's handler gets it
     * settled, which is 8 s after it was recorded: it comes first there, once, and then once
     * settled to the handler, for every change of the prefix.
     */
    @Test
    void aPendingHandlerGetsEachChangeOnceBeforeTheHandlerGetsItSettled() {
        ns.put("other/seed", 0);
        Snapshot snapshot = ns.snapshot(PREFIX);
        List<String> order = new CopyOnWriteArrayList<>();

        try (Watch watch = ns.watch(snapshot, change -> order.add("settled " + change.key() + "@" + change.version()),
                options -> options.onPending(change -> order.add("pending " + change.key() + "@" + change.version())))) {
            ns.put(PREFIX + "a", Map.of("n", 1));
            ns.put(PREFIX + "a", Map.of("n", 2));
            ns.put("elsewhere", 1);

            await().atMost(CATCH_UP).until(() -> order.stream().filter(e -> e.startsWith("settled")).count() >= 2);
            assertThat(watch.isRunning()).isTrue();
        }
        assertThat(order).filteredOn(e -> e.startsWith("settled"))
                .containsExactly("settled " + PREFIX + "a@1", "settled " + PREFIX + "a@2");
        assertThat(order).filteredOn(e -> e.startsWith("pending"))
                .containsExactlyInAnyOrder("pending " + PREFIX + "a@1", "pending " + PREFIX + "a@2");
        assertThat(order.indexOf("pending " + PREFIX + "a@2")).isLessThan(order.indexOf("settled " + PREFIX + "a@1"));
    }

    /**
     * Writers on several keys while four watchers follow the prefix: two through a proxy that
     * drops connections after the service answered, and answers 503, 502 and 429 at random (one on
     * Server-Sent Events, one on the long poll), and two that close their watch at random points
     * and watch again from the cursor their handler stored (one on each protocol: the long poll's
     * stored cursor moves per batch, so that one closes only between batches). Each sees every
     * version of every key once, in order.
     */
    @Test
    void watchersThatLoseConnectionsOrRestartFromTheirStoredCursorSeeEveryVersionOnceInOrder() throws Exception {
        ns.put("other/seed", 0);
        int keys = 4;
        int versions = 10;
        String start = ns.snapshot(PREFIX).cursor();
        List<Map<String, List<Long>>> seen = new ArrayList<>();
        List<Watch> faulted = new ArrayList<>();
        List<FaultProxy> proxies = new ArrayList<>();
        AtomicInteger restarts = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(keys + 2);
        try {
            Random random = new Random(12);
            for (WatchOptions.Protocol protocol : WatchOptions.Protocol.values()) {
                FaultProxy proxy = FaultProxy.start(TestStack.get().apiEndpoint());
                resources.add(proxy);
                proxies.add(proxy);
                for (int i = 0; i < 40; i++) {
                    proxy.inject(List.of(Fault.NONE, Fault.NONE, Fault.RESET_AFTER_FORWARDING, Fault.UNAVAILABLE,
                            Fault.BAD_GATEWAY, Fault.THROTTLED).get(random.nextInt(6)));
                }
                Map<String, List<Long>> mine = new ConcurrentHashMap<>();
                seen.add(mine);
                faulted.add(client(proxy.endpoint()).namespace(name).watch(PREFIX, start, c -> record(mine, c),
                        o -> o.protocol(protocol).waitTime(Duration.ofSeconds(1)).batchSize(3)));
            }
            List<Future<?>> restarting = new ArrayList<>();
            for (WatchOptions.Protocol protocol : WatchOptions.Protocol.values()) {
                Map<String, List<Long>> mine = new ConcurrentHashMap<>();
                seen.add(mine);
                long seed = 100 + protocol.ordinal();
                restarting.add(pool.submit(() -> restartingWatcher(start, protocol, mine, new Random(seed), restarts, done)));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                String key = PREFIX + "k" + k;
                writers.add(pool.submit(() -> {
                    for (int v = 1; v <= versions; v++) {
                        ns.put(key, Map.of("v", v));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            await().atMost(CATCH_UP).until(() -> seen.stream().allMatch(s -> complete(s, keys, versions)));
            done.set(true);
            for (Future<?> watcher : restarting) {
                watcher.get(30, TimeUnit.SECONDS);
            }
            assertThat(faulted).allSatisfy(watch -> assertThat(watch.isRunning()).isTrue());
            faulted.forEach(Watch::close);
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        List<Long> expected = LongStream.rangeClosed(1, versions).boxed().toList();
        for (Map<String, List<Long>> watcher : seen) {
            assertThat(watcher).hasSize(keys);
            watcher.forEach((key, seenVersions) -> assertThat(seenVersions).as(key).isEqualTo(expected));
        }
        assertThat(restarts.get()).as("restarts from a stored cursor").isGreaterThan(2);
        assertThat(proxies).allSatisfy(proxy -> assertThat(proxy.exchanges()).filteredOn(e -> e.fault() != Fault.NONE)
                .as("faults met").hasSizeGreaterThan(5));
    }

    /** Watches, stops after a few changes (or a while), and watches again from the cursor its handler stored. */
    private void restartingWatcher(String start, WatchOptions.Protocol protocol, Map<String, List<Long>> seen,
                                   Random random, AtomicInteger restarts, AtomicBoolean done) {
        AtomicReference<String> stored = new AtomicReference<>(start);
        boolean events = protocol == WatchOptions.Protocol.SERVER_SENT_EVENTS;
        while (!done.get()) {
            CountDownLatch enough = new CountDownLatch(1 + random.nextInt(4));
            // The long poll's cursor moves with a batch's last change: batches of one keep it exact.
            Watch watch = ns.watch(PREFIX, stored.get(), change -> {
                record(seen, change);
                stored.set(change.cursor());
                enough.countDown();
            }, o -> o.protocol(protocol).waitTime(Duration.ofSeconds(1)).batchSize(events ? 1 + random.nextInt(5) : 1));
            try {
                enough.await(200 + random.nextInt(2000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                watch.close();
                return;
            }
            watch.close();
            assertThat(watch.completion()).isCompletedWithValue(null);
            restarts.incrementAndGet();
        }
    }

    @Test
    void closeStopsAWatchThatIsWaitingForChangesPromptly() {
        ns.put("seed", 1);
        Watch watch = ns.watch(PREFIX, null, change -> { });
        await().atMost(CATCH_UP).until(() -> watch.cursor().isPresent());

        assertTimeoutPreemptively(Duration.ofSeconds(3), watch::close);

        assertThat(watch.completion()).isCompletedWithValue(null);
    }

    /**
     * A cursor older than the retention ends the watch with CursorExpiredException; a snapshot and
     * a watch from its cursor resynchronise. Through an api function of its own on the same tables,
     * signing with the local stack's fixed test key, so that the test can make a cursor of 8 days
     * ago as the service would have issued it then (no retention is shorter than a day).
     */
    @Test
    void anExpiredCursorEndsTheWatchWithCursorExpiredAndASnapshotResynchronises() throws IOException {
        ApiFunction function = ApiFunction.withProperties(
                LocalStack.functionProperties(TestStack.get().emulatorEndpoint(), LocalStack.RESOURCES));
        resources.add(function::close);
        LocalGateway gateway = LocalGateway.start(function, 0, JwtAuthorizer.trusting(TestStack.get().issuer()));
        resources.add(gateway::close);
        StateNamespace fixedKey = client(gateway.endpoint()).namespace(name);
        ns.put(PREFIX + "a", 1);
        long eightDaysAgo = Instant.now().minus(Duration.ofDays(8)).toEpochMilli();
        String expired = SignedCursors.fromSecret(LocalStack.FIXED_CURSOR_KEY).seal(
                CursorScope.of("changes/v1", TestStack.TEST_TENANT, name, PREFIX),
                Long.toString(eightDaysAgo).getBytes(StandardCharsets.UTF_8));
        List<WatchedChange> handled = new CopyOnWriteArrayList<>();

        Watch stale = fixedKey.watch(PREFIX, expired, handled::add);

        assertThatThrownBy(() -> stale.await(Duration.ofSeconds(30))).isInstanceOf(CursorExpiredException.class)
                .satisfies(e -> assertThat(((CursorExpiredException) e).detail()).hasValueSatisfying(
                        detail -> assertThat(detail).contains("snapshot")));
        Snapshot snapshot = fixedKey.snapshot(PREFIX);
        assertThat(snapshot.versions()).isEqualTo(Map.of(PREFIX + "a", 1L));
        try (Watch resumed = fixedKey.watch(snapshot, handled::add)) {
            ns.put(PREFIX + "a", 2);
            await().atMost(CATCH_UP).until(() -> !handled.isEmpty());
            assertThat(resumed.isRunning()).isTrue();
        }
        assertThat(handled).extracting(c -> c.key() + "@" + c.version()).containsExactly(PREFIX + "a@2");
    }
}
