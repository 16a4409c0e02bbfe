package io.stateapi.linearizability.keys;

import io.stateapi.linearizability.Operation;
import java.util.ArrayList;
import java.util.List;

/** Hand-written histories of one key "k" for the checker's tests; times are plain numbers. */
final class KeyHistory {

    private final List<Operation<KeyInput, KeyOutput>> ops = new ArrayList<>();
    private final String key;

    KeyHistory() {
        this("k");
    }

    KeyHistory(String key) {
        this.key = key;
    }

    /** An operation of {@code client} invoked at {@code call} that answered {@code output} at {@code ret}. */
    KeyHistory op(int client, long call, long ret, KeyInput input, KeyOutput output) {
        ops.add(Operation.completed(ops.size(), client, key, input, call, ret, output));
        return this;
    }

    /** An operation of {@code client} invoked at {@code call} whose answer never came. */
    KeyHistory lost(int client, long call, KeyInput input) {
        ops.add(Operation.indeterminate(ops.size(), client, key, input, call));
        return this;
    }

    List<Operation<KeyInput, KeyOutput>> ops() {
        return List.copyOf(ops);
    }
}
