package io.stateapi.linearizability;

import java.time.Duration;
import java.util.List;

/** What a check of one history (one key) found, and what it cost. */
public sealed interface Verdict {

    /** Loop iterations of the search: each tries one operation at one point of a candidate order. */
    long steps();

    Duration elapsed();

    /** A linearization exists; {@code order} is one (operation ids, first to last). */
    record Linearizable(List<Integer> order, long steps, Duration elapsed) implements Verdict {
    }

    /**
     * No linearization exists. {@code longestPrefix} is a longest order of operations that could be
     * linearized before the search was stuck (operation ids), as Porcupine reports it.
     */
    record NotLinearizable(List<Integer> longestPrefix, long steps, Duration elapsed) implements Verdict {
    }

    /** The budget ran out before the search could decide. */
    record Unknown(String reason, long steps, Duration elapsed) implements Verdict {
    }
}
