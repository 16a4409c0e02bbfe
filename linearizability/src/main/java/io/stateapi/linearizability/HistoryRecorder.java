package io.stateapi.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a history from concurrent clients: the invocation time is taken just before the
 * request leaves, the response time just after the answer arrives ({@link System#nanoTime()},
 * one clock for every thread of the JVM), so each recorded interval contains the real one.
 */
public final class HistoryRecorder<I, O> {

    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentLinkedQueue<Operation<I, O>> completed = new ConcurrentLinkedQueue<>();

    /** An operation under way; end it exactly once, with its answer or as indeterminate. */
    public final class Call {
        private final int id = ids.getAndIncrement();
        private final int client;
        private final String key;
        private final I input;
        private final long call;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Call(int client, String key, I input) {
            this.client = client;
            this.key = key;
            this.input = input;
            this.call = System.nanoTime();
        }

        public void answered(O output) {
            long ret = System.nanoTime();
            end(Operation.completed(id, client, key, input, call, ret, output));
        }

        /** No answer (lost, timed out, 503): it may or may not have taken effect. */
        public void indeterminate() {
            end(Operation.indeterminate(id, client, key, input, call));
        }

        private void end(Operation<I, O> op) {
            if (!ended.compareAndSet(false, true)) {
                throw new IllegalStateException("operation " + id + " ended twice");
            }
            completed.add(op);
        }
    }

    public Call invoke(int client, String key, I input) {
        return new Call(client, key, input);
    }

    /** Every ended operation, by invocation time. */
    public List<Operation<I, O>> history() {
        List<Operation<I, O>> history = new ArrayList<>(completed);
        history.sort(Comparator.comparingLong(Operation<I, O>::call).thenComparingInt(Operation::id));
        return history;
    }
}
