package io.stateapi.metrics;

import java.time.Duration;
import java.util.Optional;

/** What the fan-out function counts of each batch of stream records (a port, as {@link RequestMetrics}). */
public interface PublishMetrics {

    /**
     * @param eventsPublished change events of the records done, each published to its tenant's queue and topics
     * @param recordsRetried  records handed back to the event source mapping, to be delivered again
     * @param largestLag      from the oldest done record's approximate creation to now; empty when none is done
     */
    void batchPublished(int eventsPublished, int recordsRetried, Optional<Duration> largestLag);
}
