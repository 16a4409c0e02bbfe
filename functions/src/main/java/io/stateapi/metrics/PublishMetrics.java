package io.stateapi.metrics;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What the fan-out function counts of each batch of stream records (a port, as {@link RequestMetrics}). */
public interface PublishMetrics {

    /**
     * What one batch did.
     *
     * @param eventsPublished change events of the records done, each published to its tenant's queue and topics
     * @param valuesOmitted   of those, the events published without their values (the namespace's
     *                        {@code eventValues} is false, or they did not fit)
     * @param valuesTooLarge  of those, the events whose namespace wants values that did not fit in a message
     * @param recordsRetried  records handed back to the event source mapping, to be delivered again
     * @param largestLag      from the oldest done record's approximate creation to now; empty when none is done
     */
    record Batch(int eventsPublished, int valuesOmitted, int valuesTooLarge, int recordsRetried,
                 Optional<Duration> largestLag) {
        public Batch {
            Objects.requireNonNull(largestLag, "largestLag");
        }
    }

    void batchPublished(Batch batch);

    /** A tombstone was put back at {@code floor} after the key's item was removed outside the API (ADR 0008). */
    void versionFloorKept(TenantNamespace namespace, Key key, Version floor);

    /**
     * A key's version floor could not be kept: its next versions may repeat earlier ones, so a
     * stale {@code If-Match} could match (ADR 0008). What an operator is paged for.
     */
    void versionFloorLost(TenantNamespace namespace, Key key, Version floor, String reason);
}
