package io.stateapi.linearizability.keys;

import io.stateapi.linearizability.Model;
import io.stateapi.linearizability.keys.KeyInput.Condition;
import io.stateapi.linearizability.keys.KeyInput.Delete;
import io.stateapi.linearizability.keys.KeyInput.Get;
import io.stateapi.linearizability.keys.KeyInput.IfAbsent;
import io.stateapi.linearizability.keys.KeyInput.IfVersion;
import io.stateapi.linearizability.keys.KeyInput.Put;
import io.stateapi.linearizability.keys.KeyInput.Unconditional;
import io.stateapi.linearizability.keys.KeyOutput.Conflict;
import io.stateapi.linearizability.keys.KeyOutput.Deleted;
import io.stateapi.linearizability.keys.KeyOutput.Found;
import io.stateapi.linearizability.keys.KeyOutput.NotFound;
import io.stateapi.linearizability.keys.KeyOutput.Written;
import java.util.Objects;

/**
 * The sequential specification of one State API key (docs/consistency.md): a value and a
 * version. Every committed change (a write, a delete) raises the version by exactly one, and
 * the count carries on across a delete and a re-create; a refused precondition (412) or a
 * delete of an absent key (404) changes nothing; a read returns the value and version, or
 * not-found. The key starts absent at version 0.
 *
 * <p>{@link #strict()} is the HTTP contract: a 204 to a delete means this request deleted a live
 * key. {@link #absenceDeletes()} also accepts a delete reported as done when the key was
 * already absent, which is the Java SDK's documented rule for a retried delete (ADR 0030: its
 * goal, absence, holds whichever attempt achieved it).
 */
public final class KeyModel implements Model<KeyModel.State, KeyInput, KeyOutput> {

    private final boolean absenceDeletes;

    private KeyModel(boolean absenceDeletes) {
        this.absenceDeletes = absenceDeletes;
    }

    /** The HTTP API's contract. */
    public static KeyModel strict() {
        return new KeyModel(false);
    }

    /** As {@link #strict()}, except that a delete reported as done may have found the key absent and changed nothing. */
    public static KeyModel absenceDeletes() {
        return new KeyModel(true);
    }

    /** The key: live with {@code value} at {@code version}, or absent after {@code version} changes. */
    public record State(boolean live, String value, long version) {

        static final State ABSENT = new State(false, null, 0);

        State write(String newValue) {
            return new State(true, newValue, version + 1);
        }

        State delete() {
            return new State(false, null, version + 1);
        }

        @Override
        public String toString() {
            return live ? value + " @" + version : "absent (after @" + version + ")";
        }
    }

    @Override
    public State init() {
        return State.ABSENT;
    }

    @Override
    public State step(State state, KeyInput input, KeyOutput output) {
        return switch (input) {
            case Get ignored -> output == null || output.equals(read(state)) ? state : null;
            case Put put -> put(state, put, output);
            case Delete delete -> delete(state, delete.condition(), output, absenceDeletes);
        };
    }

    private static KeyOutput read(State state) {
        return state.live() ? new Found(state.value(), state.version()) : new NotFound();
    }

    private static State put(State state, Put put, KeyOutput output) {
        boolean applies = switch (put.condition()) {
            case Unconditional ignored -> true;
            case IfVersion ifVersion -> state.live() && state.version() == ifVersion.version();
            case IfAbsent ignored -> !state.live();
        };
        if (!applies) {
            return output == null || output.equals(new Conflict(state.live() ? state.version() : null)) ? state : null;
        }
        State next = state.write(put.value());
        if (output == null) {
            return next;
        }
        return output instanceof Written written && written.version() == next.version()
                && (written.created() == null || written.created() == !state.live()) ? next : null;
    }

    private static State delete(State state, Condition condition, KeyOutput output, boolean absenceDeletes) {
        KeyOutput expected;
        State next = state;
        if (!state.live()) {
            expected = absenceDeletes && output instanceof Deleted ? output : new NotFound();
        } else if (condition instanceof IfVersion ifVersion && ifVersion.version() != state.version()) {
            expected = new Conflict(state.version());
        } else {
            expected = new Deleted();
            next = state.delete();
        }
        return output == null || output.equals(expected) ? next : null;
    }

    @Override
    public boolean changesNothing(KeyInput input, KeyOutput output) {
        if (input instanceof Get) {
            return true;
        }
        return output instanceof Conflict || output instanceof NotFound;
    }

    @Override
    public String describe(KeyInput input, KeyOutput output) {
        return input + " -> " + (output == null ? "? (no answer)" : Objects.toString(output));
    }
}
