package io.stateapi.linearizability;

import java.util.Objects;

/**
 * One operation of a recorded history: who invoked it, with what input, when, and what came of it.
 *
 * <p>An operation whose answer never arrived (lost on the way back, a timeout, a 503 after which
 * nobody knows whether the write happened) is <em>indeterminate</em>: its output is unknown and
 * its response time is open. As in Knossos and Porcupine, it may take effect at any point after
 * its invocation, or not at all (taking effect after every other operation is the same as never
 * taking effect, since nothing observes it).
 *
 * @param id     unique within a history; used in reports
 * @param client the logical client (thread) that invoked it; for reports only
 * @param key    the partition it belongs to: operations on different keys are checked separately
 * @param input  what was asked
 * @param call   invocation time (any monotonic clock, such as {@link System#nanoTime()})
 * @param ret    response time, or {@link Long#MAX_VALUE} when indeterminate
 * @param output what was answered, or {@code null} when indeterminate
 */
public record Operation<I, O>(int id, int client, String key, I input, long call, long ret, O output) {

    public static final long OPEN = Long.MAX_VALUE;

    public Operation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(input, "input");
        if ((output == null) != (ret == OPEN)) {
            throw new IllegalArgumentException("an operation has both an output and a response time, or neither: " + id);
        }
        if (ret < call) {
            throw new IllegalArgumentException("operation " + id + " returned before it was called");
        }
    }

    public static <I, O> Operation<I, O> completed(int id, int client, String key, I input, long call, long ret, O output) {
        return new Operation<>(id, client, key, input, call, ret, Objects.requireNonNull(output, "output"));
    }

    public static <I, O> Operation<I, O> indeterminate(int id, int client, String key, I input, long call) {
        return new Operation<>(id, client, key, input, call, OPEN, null);
    }

    public boolean isIndeterminate() {
        return output == null;
    }

    /** The same operation with its answer forgotten: a weaker observation, never a stronger one. */
    public Operation<I, O> forgetAnswer() {
        return indeterminate(id, client, key, input, call);
    }
}
