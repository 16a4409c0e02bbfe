package io.stateapi.client.internal;

import io.stateapi.client.Watch;
import io.stateapi.client.WatchHandler;
import io.stateapi.client.WatchOptions;
import io.stateapi.client.WatchedChange;
import io.stateapi.client.exceptions.StateApiException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running watch (ADR 0039): one request after the other on a thread of its own, each change
 * handed to the handler before the next, the cursor moved only past what the handler accepted.
 * A request that ends without an answer, or with a 5xx or a 429, after the transport's own retries,
 * is sent again from the same cursor after a jittered backoff (the client's retry policy, never
 * shorter than {@code Retry-After}), however long the outage; anything else ends the watch.
 */
public final class ChangeWatch implements Watch {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int PENDING_REMEMBERED = 1000;

    private final WatchRequests requests;
    private final String prefix;
    private final WatchHandler handler;
    private final WatchOptions options;
    /** A snapshot's versions: a change at or below its key's version here is one the snapshot shows. */
    private final Map<String, Long> shown;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile String cursor;
    private volatile CompletableFuture<?> inFlight;
    /** The pending changes handed over lately (key, version, change type), so a repeat is dropped. */
    private final Set<String> pendingShown = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > PENDING_REMEMBERED;
        }
    });

    private ChangeWatch(WatchRequests requests, String prefix, String cursor, WatchHandler handler,
                        WatchOptions options, Map<String, Long> shown) {
        this.requests = requests;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.cursor = cursor;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
        this.shown = Map.copyOf(shown);
        // A thread of its own, since the handler may block; a daemon, so a watch left open does not hold the JVM.
        this.thread = Thread.ofPlatform().daemon().name("state-api-watch-" + requests.namespace() + "-"
                + THREADS.incrementAndGet()).unstarted(this::run);
    }

    /** Starts a watch of {@code prefix} after {@code cursor} (null: from the settle horizon). */
    public static ChangeWatch start(WatchRequests requests, String prefix, String cursor, WatchHandler handler,
                                    WatchOptions options, Map<String, Long> shown) {
        ChangeWatch watch = new ChangeWatch(requests, prefix, cursor, handler, options, shown);
        // Before the thread starts, so that it is removed after it was added (a join of a thread not
        // yet started returns at once, so a client closed meanwhile closes the watch safely).
        requests.openWatches().add(watch);
        watch.thread.start();
        return watch;
    }

    @Override
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime
                    : new StateApiException("the watch ended: " + cause, cause);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        CompletableFuture<?> request = inFlight;
        if (request != null) {
            request.cancel(true);
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean closed() {
        return closing.getCount() == 0;
    }

    private void run() {
        try {
            follow();
        } finally {
            requests.openWatches().remove(this);
        }
    }

    private void follow() {
        int failures = 0;
        try {
            while (!closed()) {
                WatchRequests.Batch batch;
                try {
                    CompletableFuture<WatchRequests.Batch> request = requests.changes(prefix, cursor, options);
                    inFlight = request;
                    if (closed()) {
                        request.cancel(true);
                        break;
                    }
                    batch = request.get();
                    failures = 0;
                } catch (CancellationException e) {
                    if (closed()) {
                        break;
                    }
                    throw e;
                } catch (ExecutionException e) {
                    Throwable cause = KeyOperations.unwrap(e);
                    if (closed()) {
                        break;
                    }
                    if (!resumable(cause)) {
                        completion.completeExceptionally(cause);
                        return;
                    }
                    failures++;
                    pause(delay((StateApiException) cause, failures));
                    continue;
                }
                if (!handOver(batch)) {
                    return;
                }
            }
            completion.complete(null);
        } catch (InterruptedException e) {
            completion.complete(null);
        } catch (RuntimeException | Error e) {
            completion.completeExceptionally(e);
        }
    }

    /** Hands the batch's changes over in order; false when the handler threw (the watch has ended). */
    private boolean handOver(WatchRequests.Batch batch) {
        for (WatchedChange change : batch.changes()) {
            if (closed()) {
                return true;  // the cursor stays at the last change accepted
            }
            Long seen = shown.get(change.key());
            if (seen == null || change.version() > seen) {
                try {
                    handler.handle(change);
                } catch (Throwable e) {
                    completion.completeExceptionally(e);
                    return false;
                }
            }
            if (options.protocol() == WatchOptions.Protocol.SERVER_SENT_EVENTS) {
                cursor = change.cursor();
            }
        }
        if (!handOverPending(batch)) {
            return false;
        }
        if (!closed() && batch.cursor() != null) {
            cursor = batch.cursor();
        }
        return true;
    }

    /**
     * Hands the batch's pending changes (ADR 0060) to the pending handler, each not handed over
     * already; they follow the settled ones, so each one's event id is a cursor past all of those.
     */
    private boolean handOverPending(WatchRequests.Batch batch) {
        Optional<WatchHandler> pendingHandler = options.pendingHandler();
        if (pendingHandler.isEmpty()) {
            return true;
        }
        for (WatchedChange change : batch.pending()) {
            if (closed()) {
                return true;
            }
            if (pendingShown.add(change.key() + '\u0000' + change.version() + '\u0000' + change.change())) {
                try {
                    pendingHandler.get().handle(change);
                } catch (Throwable e) {
                    completion.completeExceptionally(e);
                    return false;
                }
            }
            if (options.protocol() == WatchOptions.Protocol.SERVER_SENT_EVENTS) {
                cursor = change.cursor();
            }
        }
        return true;
    }

    /**
     * Whether sending the request again may help: no answer (a dropped connection, a timeout), a
     * 5xx or a 429. A refused cursor, credential or namespace, and an expired cursor, will not change.
     */
    private static boolean resumable(Throwable error) {
        return error instanceof StateApiException failure
                && (failure.isTransient() || failure.status() >= 500 || failure.status() == 429);
    }

    private Duration delay(StateApiException failure, int failures) {
        Duration delay = Backoff.delay(requests.policy(), failures);
        Duration retryAfter = failure.retryAfter().orElse(Duration.ZERO);
        return retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    private void pause(Duration delay) throws InterruptedException {
        closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
