package io.stateapi.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The port that ends values whose time to live has passed. Reads and conditions treat a value
 * as absent from the second it expires; a sweep then turns it into a tombstone that keeps its
 * version, in one conditional write that holds only while the value is still the expired one.
 * Nothing deletes the item, so a key's version never restarts (ADR 0008).
 */
public interface ExpirySweeper {

    /**
     * Sweeps every value that expired at or before {@code now}, oldest first, until none is
     * left or {@code budget} (wall-clock time) is spent; a later sweep carries on where this
     * one stopped. Safe to run concurrently with itself and with any write.
     */
    SweepReport sweep(Instant now, Duration budget);
}
