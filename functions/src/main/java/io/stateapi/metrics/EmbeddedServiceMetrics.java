package io.stateapi.metrics;

import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The functions' metrics as {@link EmbeddedMetrics} lines (docs/observability.md lists them):
 * one line per request answered, one per batch of stream records, and one per version floor the
 * fan-out kept or lost, per lost answer the store recovered and per failed upgrade on read.
 */
public final class EmbeddedServiceMetrics implements RequestMetrics, PublishMetrics, StoreMetrics, UpgradeMetrics {

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
    public void batchPublished(Batch batch) {
        List<EmbeddedMetrics.Datum> data = new ArrayList<>(List.of(
                EmbeddedMetrics.Datum.count(Metrics.EVENTS_PUBLISHED, batch.eventsPublished()),
                EmbeddedMetrics.Datum.count(Metrics.EVENT_VALUES_OMITTED, batch.valuesOmitted()),
                EmbeddedMetrics.Datum.count(Metrics.EVENT_VALUES_TOO_LARGE, batch.valuesTooLarge()),
                EmbeddedMetrics.Datum.count(Metrics.PUBLISH_RETRIES, batch.recordsRetried())));
        // No lag when no record got through: a zero would read as "no lag" on the dashboard.
        batch.largestLag().ifPresent(lag -> data.add(EmbeddedMetrics.Datum.seconds(Metrics.PUBLISH_LAG,
                Math.max(0, lag.toMillis()) / 1000.0)));
        metrics.emit(data, Map.of());
    }

    @Override
    public void versionFloorKept(TenantNamespace namespace, Key key, Version floor) {
        metrics.emit(List.of(EmbeddedMetrics.Datum.count(Metrics.VERSION_FLOORS_KEPT, 1)), keyFields(namespace, key, floor));
    }

    @Override
    public void versionFloorLost(TenantNamespace namespace, Key key, Version floor, String reason) {
        Map<String, String> fields = new LinkedHashMap<>(keyFields(namespace, key, floor));
        fields.put("reason", reason);
        metrics.emit(List.of(EmbeddedMetrics.Datum.count(Metrics.VERSION_FLOOR_LOST, 1)), fields);
    }

    @Override
    public void lostAnswerRecovered(String operation) {
        metrics.emit(List.of(EmbeddedMetrics.Datum.count(Metrics.LOST_ANSWERS_RECOVERED, 1)),
                Map.of("operation", operation));
    }

    @Override
    public void upgradeOnReadFailed(String reason) {
        metrics.emit(List.of(EmbeddedMetrics.Datum.count(Metrics.UPGRADES_FAILED, 1)),
                Map.of("path", "read", "reason", reason));
    }

    /** Log fields, not dimensions: an operator finds the key by them, and they cost no metric. */
    private static Map<String, String> keyFields(TenantNamespace namespace, Key key, Version floor) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tenant", namespace.tenant().value());
        fields.put("namespace", namespace.name());
        fields.put("key", key.value());
        fields.put("floorVersion", Long.toString(floor.value()));
        return fields;
    }
}
