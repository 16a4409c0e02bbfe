package io.stateapi.events;

import io.stateapi.resources.Metrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.namespaces.NamespaceKeyCounts;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.json.StateJson;
import io.stateapi.metrics.EmbeddedMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the fan-out keeps namespaces' approximate key counts (ADR 0025), with a fake of the
 * {@link NamespaceKeyCounts} port: one add per namespace per batch with the sum of its changes,
 * nothing for a namespace whose changes cancel out, and a failed add counted as a metric, never
 * retried and never thrown.
 */
class ApproximateKeyCountsTest {

    private static final TenantNamespace ACME_ORDERS = TenantNamespace.of("acme", "orders");
    private static final TenantNamespace ACME_CARTS = TenantNamespace.of("acme", "carts");
    private static final TenantNamespace GLOBEX_ORDERS = TenantNamespace.of("globex", "orders");

    private final FakeKeyCounts port = new FakeKeyCounts();
    private final List<String> metricLines = new CopyOnWriteArrayList<>();
    private final ApproximateKeyCounts counts = new ApproximateKeyCounts(port,
            new EmbeddedMetrics("dev", metricLines::add, Clock.systemUTC()), 4);

    @AfterEach
    void close() {
        counts.close();
    }

    @Test
    void eachNamespaceGetsOneAddWithTheSumOfItsBatchsCreatesDeletesAndExpiries() {
        counts.apply(List.of(
                change(ChangeType.CREATED, ACME_ORDERS, "a"), change(ChangeType.CREATED, ACME_ORDERS, "b"),
                change(ChangeType.UPDATED, ACME_ORDERS, "a"), change(ChangeType.CREATED, ACME_ORDERS, "c"),
                change(ChangeType.DELETED, ACME_ORDERS, "b"),
                change(ChangeType.EXPIRED, ACME_CARTS, "x"), change(ChangeType.DELETED, ACME_CARTS, "y"),
                change(ChangeType.CREATED, GLOBEX_ORDERS, "a")));

        assertThat(port.adds).containsExactlyInAnyOrder(
                ACME_ORDERS + " +2", ACME_CARTS + " -2", GLOBEX_ORDERS + " +1");
        assertThat(metricLines).isEmpty();
    }

    @Test
    void theSameNamespaceNameUnderTwoTenantsIsCountedApart() {
        counts.apply(List.of(change(ChangeType.CREATED, ACME_ORDERS, "a"), change(ChangeType.DELETED, GLOBEX_ORDERS, "a")));

        assertThat(port.adds).containsExactlyInAnyOrder(ACME_ORDERS + " +1", GLOBEX_ORDERS + " -1");
    }

    @Test
    void aNamespaceWhoseChangesCancelOutIsNotWritten() {
        counts.apply(List.of(change(ChangeType.CREATED, ACME_ORDERS, "a"), change(ChangeType.EXPIRED, ACME_ORDERS, "a"),
                change(ChangeType.CREATED, ACME_ORDERS, "a")));
        counts.apply(List.of(change(ChangeType.DELETED, ACME_ORDERS, "a"), change(ChangeType.CREATED, ACME_ORDERS, "a")));

        assertThat(port.adds).containsExactly(ACME_ORDERS + " +1");
    }

    @Test
    void updatesAloneWriteNothing() {
        counts.apply(List.of(change(ChangeType.UPDATED, ACME_ORDERS, "a"), change(ChangeType.UPDATED, ACME_CARTS, "b")));
        counts.apply(List.of());

        assertThat(port.adds).isEmpty();
    }

    @Test
    void aFailedAddIsOneMetricWithTheNamespaceAndTheLostDeltaAndTheOtherNamespacesAreStillCounted() {
        port.failing.add(ACME_ORDERS);

        ApproximateKeyCounts.Outcome outcome = counts.apply(List.of(
                change(ChangeType.CREATED, ACME_ORDERS, "a"), change(ChangeType.CREATED, ACME_ORDERS, "b"),
                change(ChangeType.CREATED, ACME_CARTS, "a")));

        assertThat(port.adds).containsExactly(ACME_CARTS + " +1");
        assertThat(port.attempts.get(ACME_ORDERS)).as("attempts; a failed add is not retried").isEqualTo(1);
        assertThat(outcome.failed()).containsOnlyKeys(ACME_ORDERS);
        assertThat(metricLines).singleElement().satisfies(line -> {
            JsonNode metric = StateJson.parse(line.getBytes(StandardCharsets.UTF_8));
            assertThat(metric.path(Metrics.KEY_COUNT_UPDATE_FAILED).asInt()).isEqualTo(1);
            assertThat(metric.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Name").asText())
                    .isEqualTo(Metrics.KEY_COUNT_UPDATE_FAILED);
            assertThat(metric.path("tenant").asText()).isEqualTo("acme");
            assertThat(metric.path("namespace").asText()).isEqualTo("orders");
            assertThat(metric.path("delta").asText()).isEqualTo("2");
            assertThat(metric.path("reason").asText()).contains("throttled");
        });
    }

    @Test
    void anAddThatThrowsSomethingUnexpectedIsCountedTheSameWayAndNeverReachesTheCaller() {
        port.unexpected.add(ACME_ORDERS);

        ApproximateKeyCounts.Outcome outcome = counts.apply(List.of(change(ChangeType.CREATED, ACME_ORDERS, "a")));

        assertThat(outcome.failed()).containsOnlyKeys(ACME_ORDERS);
        assertThat(metricLines).hasSize(1);
    }

    @Test
    void aNamespaceTheCatalogDoesNotHaveIsLeftUncountedWithoutAMetric() {
        port.absent.add(ACME_ORDERS);

        ApproximateKeyCounts.Outcome outcome = counts.apply(List.of(change(ChangeType.DELETED, ACME_ORDERS, "a")));

        assertThat(outcome.absent()).containsExactly(ACME_ORDERS);
        assertThat(outcome.failed()).isEmpty();
        assertThat(metricLines).isEmpty();
    }

    @Test
    void aBatchOfManyNamespacesCountsEveryOneOnce() {
        List<TenantNamespace> namespaces = IntStream.range(0, 25)
                .mapToObj(i -> TenantNamespace.of("acme", "ns-" + i)).toList();
        List<ChangeEvent> changes = new ArrayList<>();
        namespaces.forEach(ns -> changes.add(change(ChangeType.CREATED, ns, "k")));

        ApproximateKeyCounts.Outcome outcome = counts.apply(changes);

        assertThat(port.adds).hasSize(25).containsExactlyInAnyOrderElementsOf(
                namespaces.stream().map(ns -> ns + " +1").toList());
        assertThat(outcome.applied()).hasSize(25);
    }

    private static ChangeEvent change(ChangeType type, TenantNamespace namespace, String key) {
        Optional<JsonDocument> value = Optional.of(new JsonDocument("1"));
        boolean carriesValue = type == ChangeType.CREATED || type == ChangeType.UPDATED;
        return new ChangeEvent(type, namespace, Key.of(key), Version.of(2),
                type == ChangeType.CREATED ? Optional.empty() : Optional.of(Version.of(1)),
                carriesValue ? value : Optional.empty(), type == ChangeType.CREATED ? Optional.empty() : value,
                Instant.parse("2026-12-01T10:00:00Z").plus(Duration.ofMillis(key.hashCode() & 0xff)));
    }

    /** The port in memory: records each add as "tenant/namespace +n". */
    private static final class FakeKeyCounts implements NamespaceKeyCounts {

        final List<String> adds = new CopyOnWriteArrayList<>();
        final Map<TenantNamespace, Integer> attempts = new ConcurrentHashMap<>();
        final Set<TenantNamespace> failing = ConcurrentHashMap.newKeySet();
        final Set<TenantNamespace> unexpected = ConcurrentHashMap.newKeySet();
        final Set<TenantNamespace> absent = ConcurrentHashMap.newKeySet();

        @Override
        public boolean add(TenantNamespace namespace, long delta) {
            attempts.merge(namespace, 1, Integer::sum);
            if (failing.contains(namespace)) {
                throw new StoreUnavailableException("the catalog is throttled", Duration.ofSeconds(1), null);
            }
            if (unexpected.contains(namespace)) {
                throw new IllegalStateException("something nobody expected");
            }
            if (absent.contains(namespace)) {
                return false;
            }
            adds.add(namespace + " " + (delta > 0 ? "+" : "") + delta);
            return true;
        }
    }
}
