package io.stateapi.metrics;

import io.stateapi.resources.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The functions' metrics as {@link EmbeddedMetrics} lines (docs/observability.md lists them):
 * one line per request answered, one per batch of stream records.
 */
public final class EmbeddedServiceMetrics implements RequestMetrics, PublishMetrics {

    private final EmbeddedMetrics metrics;

    public EmbeddedServiceMetrics(EmbeddedMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void served(String route, int status, boolean replayed, Duration duration) {
        // A conflict is a refused precondition (412) or a refused change of state (409): the
        // contention a dashboard shows, apart from the callers' other mistakes.
        boolean conflict = status == 412 || status == 409;
        metrics.emit(List.of(
                        EmbeddedMetrics.Datum.count(Metrics.REQUESTS, 1),
                        EmbeddedMetrics.Datum.count(Metrics.CONFLICTS, conflict ? 1 : 0),
                        EmbeddedMetrics.Datum.count(Metrics.IDEMPOTENT_REPLAYS, replayed ? 1 : 0),
                        EmbeddedMetrics.Datum.milliseconds(Metrics.REQUEST_LATENCY, duration.toNanos() / 1e6)),
                Map.of(Metrics.ROUTE_DIMENSION, route, Metrics.STATUS_DIMENSION, Integer.toString(status)),
                Map.of());
    }

    @Override
    public void batchPublished(int eventsPublished, int recordsRetried, Optional<Duration> largestLag) {
        List<EmbeddedMetrics.Datum> data = new ArrayList<>(List.of(
                EmbeddedMetrics.Datum.count(Metrics.EVENTS_PUBLISHED, eventsPublished),
                EmbeddedMetrics.Datum.count(Metrics.PUBLISH_RETRIES, recordsRetried)));
        // No lag when no record got through: a zero would read as "no lag" on the dashboard.
        largestLag.ifPresent(lag -> data.add(EmbeddedMetrics.Datum.seconds(Metrics.PUBLISH_LAG,
                Math.max(0, lag.toMillis()) / 1000.0)));
        metrics.emit(data, Map.of());
    }
}
