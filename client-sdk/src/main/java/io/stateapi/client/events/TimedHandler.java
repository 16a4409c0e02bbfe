package io.stateapi.client.events;

import io.stateapi.client.exceptions.HandlerTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the handler on one event, on a thread of its own, for at most the handler timeout.
 *
 * <p>A handler still running at the timeout is interrupted and its event counts as failed. One
 * that honours the interrupt hands its thread back at once. One that ignores it cannot be
 * stopped (Java has no safe way to kill a thread): its thread is abandoned, keeps running until
 * the handler returns, and is counted. To keep such threads from piling up without bound, the
 * subscriber receives nothing more while {@code maxAbandoned} of them are still running
 * ({@link #awaitRoom(Duration)}); it carries on as they return.
 */
final class TimedHandler implements AutoCloseable {

    /** What became of one handler call. */
    sealed interface Outcome {
        record Handled() implements Outcome {
        }

        record Failed(Throwable error) implements Outcome {
        }

        record TimedOut(HandlerTimeoutException error) implements Outcome {
        }
    }

    private static final int RUNNING = 0;
    private static final int RETURNED = 1;
    private static final int ABANDONED = 2;

    private final ChangeHandler handler;
    private final Duration timeout;
    private final int maxAbandoned;
    private final ExecutorService threads;
    private final Object room = new Object();
    private int abandoned;

    TimedHandler(ChangeHandler handler, Duration timeout, int maxAbandoned) {
        this.handler = handler;
        this.timeout = timeout;
        this.maxAbandoned = maxAbandoned;
        AtomicInteger n = new AtomicInteger();
        // Threads are reused once handlers return; an abandoned one stays out until its handler does.
        this.threads = Executors.newCachedThreadPool(
                r -> Thread.ofPlatform().daemon().name("state-changes-handler-" + n.incrementAndGet()).unstarted(r));
    }

    /**
     * Calls the handler and waits for it, at most the timeout.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the handler goes on)
     */
    Outcome handle(ChangeEvent event) throws InterruptedException {
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<?> call = threads.submit(() -> {
            try {
                handler.handle(event);
                return null;
            } finally {
                if (!state.compareAndSet(RUNNING, RETURNED)) {
                    returned();
                }
            }
        });
        try {
            call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Outcome.Handled();
        } catch (ExecutionException failure) {
            return new Outcome.Failed(failure.getCause());
        } catch (TimeoutException late) {
            if (!state.compareAndSet(RUNNING, ABANDONED)) {
                return resultOf(call);   // it returned just as the time ran out
            }
            synchronized (room) {
                abandoned++;
            }
            call.cancel(true);
            return new Outcome.TimedOut(new HandlerTimeoutException(
                    "the handler of " + event + " did not return within " + timeout + "; it was interrupted and the event"
                            + " released for redelivery", timeout));
        }
    }

    /** Handlers that timed out and are still running on their abandoned threads. */
    int abandoned() {
        synchronized (room) {
            return abandoned;
        }
    }

    /**
     * Waits, at most {@code max}, until fewer than {@code maxAbandoned} handlers are abandoned.
     *
     * @return whether there is room now
     */
    boolean awaitRoom(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (room) {
            while (abandoned >= maxAbandoned) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(room, left);
            }
            return true;
        }
    }

    private void returned() {
        synchronized (room) {
            abandoned--;
            room.notifyAll();
        }
    }

    private static Outcome resultOf(Future<?> call) throws InterruptedException {
        try {
            call.get();
            return new Outcome.Handled();
        } catch (ExecutionException failure) {
            return new Outcome.Failed(failure.getCause());
        }
    }

    /** Lets running handlers finish on their own; abandoned ones are not waited for. */
    @Override
    public void close() {
        threads.shutdown();
    }
}
