package io.stateapi.linearizability;

import java.time.Duration;

/**
 * How much one search may cost before it gives up with {@link Verdict.Unknown}: deciding
 * linearizability is NP-complete, so a checker without a bound can hang on an unlucky history.
 *
 * @param maxSteps loop iterations of the search (deterministic: the same history always stops at the same point)
 * @param maxTime  wall-clock time, a backstop against a slow machine
 */
public record Budget(long maxSteps, Duration maxTime) {

    public Budget {
        if (maxSteps <= 0 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a budget must be positive: " + maxSteps + " steps, " + maxTime);
        }
    }

    /** Ample for a few hundred operations per key with a few dozen indeterminate ones. */
    public static Budget defaults() {
        return new Budget(20_000_000, Duration.ofSeconds(20));
    }

    public static Budget steps(long maxSteps) {
        return new Budget(maxSteps, Duration.ofMinutes(10));
    }
}
