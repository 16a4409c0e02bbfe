package io.stateapi.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running watch of a namespace's changes (ADR 0037, ADR 0039), from
 * {@code namespace.watch(prefix, cursor, handler)}. It follows the feed until {@link #close()}:
 * after a dropped connection, a timeout, a 5xx or a 429 it resumes from {@link #cursor()} with the
 * client's backoff, for as long as it takes. It ends by itself only when resuming cannot help:
 * {@link io.stateapi.client.exceptions.CursorExpiredException} (take a snapshot), a refused cursor
 * or credential, a namespace that does not exist, or a handler that threw. Closing the
 * {@code StateClient} closes its watches.
 */
public interface Watch extends AutoCloseable {

    /**
     * Where the watch would resume now: the cursor of the last change the handler accepted, or of
     * the last batch when it held no change; empty only before the first answer of a watch started
     * without a cursor. Safe to store at any time.
     */
    Optional<String> cursor();

    /**
     * Completes when the watch ends: normally after {@link #close()}, exceptionally with what
     * ended it otherwise (the handler's exception as thrown, or a {@code StateApiException}).
     */
    CompletableFuture<Void> completion();

    /** Whether the watch still runs. */
    default boolean isRunning() {
        return !completion().isDone();
    }

    /**
     * Waits up to {@code timeout} for the watch to end; returns whether it has. Rethrows what ended
     * it (a {@code RuntimeException} as it is, anything else wrapped in a {@code StateApiException}).
     */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * Stops the watch: the request in flight is cancelled and no further change is handed over. A
     * change being handled is allowed to finish; when this returns (unless called from the handler)
     * the handler is not running and will not be called again. Idempotent.
     */
    @Override
    void close();
}
