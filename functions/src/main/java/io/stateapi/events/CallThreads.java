package io.stateapi.events;

import io.stateapi.tracing.Traces;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fan-out's pools for concurrent AWS calls: platform threads, which the SDK's blocking HTTP
 * client and its timeout interrupts are made for, daemons so that a pool never holds a JVM open,
 * and, when the function traces, each task in the span that submitted it, so the calls made on
 * them are children of the fan-out's span (ADR 0059).
 */
final class CallThreads {

    private CallThreads() {
    }

    static ExecutorService pool(int threads, String namePrefix) {
        AtomicInteger count = new AtomicInteger();
        return Traces.current().propagating(Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, namePrefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }
}
