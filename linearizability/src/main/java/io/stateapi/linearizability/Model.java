package io.stateapi.linearizability;

/**
 * A sequential specification: what one object does when operations are applied to it one at a
 * time. States must be immutable values (equals and hashCode), since the checker memoizes on them.
 *
 * @param <S> the object's state
 * @param <I> operation inputs
 * @param <O> operation outputs
 */
public interface Model<S, I, O> {

    S init();

    /**
     * Applies {@code input} to {@code state}.
     *
     * @param output what the operation answered, or {@code null} when it is unknown (any answer is accepted)
     * @return the state afterwards, or {@code null} when the object could not have answered {@code output} in {@code state}
     */
    S step(S state, I input, O output);

    /**
     * Whether an operation with this answer leaves every state as it was (a read, a refused
     * precondition; with {@code output == null}, whatever it answered). Dropping such an
     * operation from a history can only make it easier to linearize, which is what lets a
     * counterexample be shrunk without inventing a new violation. {@code false} is always safe.
     */
    default boolean changesNothing(I input, O output) {
        return false;
    }

    /** How an operation reads in a report, such as {@code put("a", If-Match 3) -> 412 (current 4)}. */
    default String describe(I input, O output) {
        return input + " -> " + (output == null ? "?" : output);
    }

    default String describeState(S state) {
        return String.valueOf(state);
    }
}
