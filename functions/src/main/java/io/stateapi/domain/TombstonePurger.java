package io.stateapi.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The port that forgets tombstones older than the retention (ADR 0003, 0019), so deleted and
 * expired keys do not grow storage for ever. Before a tombstone goes, its namespace's version
 * floor is raised to at least its version, and the purge waits until every api function
 * instance must know the new floor, so a key created again starts above every version it had.
 */
public interface TombstonePurger {

    /** Purges what the retention allows at {@code now}, until done or {@code budget} is spent; a later call carries on. */
    TombstonePurgeReport purge(Instant now, Duration budget);
}
