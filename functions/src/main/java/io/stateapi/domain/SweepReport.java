package io.stateapi.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * What one expiry sweep did.
 *
 * @param swept          expired values turned into tombstones
 * @param alreadyChanged expired values found that a write had replaced or deleted first (the
 *                       write reported the expiry itself; the sweep wrote nothing)
 * @param finished       whether every value expired by the sweep's {@code now} was handled;
 *                       {@code false} when the budget ran out first
 * @param lag            how long the oldest expired value the sweep swept or left over had
 *                       been expired; zero when there was none. It is how late {@code expired}
 *                       events are, and it grows when sweeps fall behind
 */
public record SweepReport(int swept, int alreadyChanged, boolean finished, Duration lag) {

    public SweepReport {
        Objects.requireNonNull(lag, "lag");
    }
}
