package io.stateapi.linearizability;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The verdict for each key of a history; the history is linearizable only if every key's is. */
public record Report<I, O>(List<KeyCheck<I, O>> keys) {

    public record KeyCheck<I, O>(String key, List<Operation<I, O>> operations, Verdict verdict) {

        public long indeterminate() {
            return operations.stream().filter(Operation::isIndeterminate).count();
        }
    }

    public boolean linearizable() {
        return keys.stream().allMatch(k -> k.verdict() instanceof Verdict.Linearizable);
    }

    /** The first key found not linearizable, if any. */
    public Optional<KeyCheck<I, O>> violation() {
        return keys.stream().filter(k -> k.verdict() instanceof Verdict.NotLinearizable).findFirst();
    }

    /** The first key whose check ran out of budget, if any. */
    public Optional<KeyCheck<I, O>> undecided() {
        return keys.stream().filter(k -> k.verdict() instanceof Verdict.Unknown).findFirst();
    }

    public int operations() {
        return keys.stream().mapToInt(k -> k.operations().size()).sum();
    }

    public long indeterminate() {
        return keys.stream().mapToLong(KeyCheck::indeterminate).sum();
    }

    public long steps() {
        return keys.stream().mapToLong(k -> k.verdict().steps()).sum();
    }

    public Duration elapsed() {
        return keys.stream().map(k -> k.verdict().elapsed()).reduce(Duration.ZERO, Duration::plus);
    }

    /** One line per key: operations, indeterminate ones, verdict, search steps and time. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%d operations (%d indeterminate) on %d keys, checked in %.1f ms (%d steps)%n",
                operations(), indeterminate(), keys.size(), elapsed().toNanos() / 1e6, steps()));
        for (KeyCheck<I, O> key : keys) {
            text.append(String.format("  key %-12s %4d ops %3d indeterminate  %-16s %8.1f ms %10d steps%n",
                    key.key(), key.operations().size(), key.indeterminate(),
                    key.verdict().getClass().getSimpleName(), key.verdict().elapsed().toNanos() / 1e6, key.verdict().steps()));
        }
        return text.toString();
    }
}
