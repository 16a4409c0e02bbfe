package io.stateapi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.Key;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The EMF lines of the api function's requests, the store's recoveries and the fan-out's batches and floors (docs/observability.md). */
class EmbeddedServiceMetricsTest {

    private static final String ROUTE = "PUT /v1/namespaces/{namespace}/keys/{+key}";
    private static final TenantNamespace NS = TenantNamespace.of("acme", "shop");

    private final List<String> lines = new ArrayList<>();
    private final EmbeddedServiceMetrics metrics = new EmbeddedServiceMetrics(new EmbeddedMetrics("prod", lines::add,
            Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC)));

    private JsonNode line() {
        assertThat(lines).hasSize(1);
        return StateJson.parse(lines.getFirst().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestCountsByEnvironmentAndByEnvironmentRouteAndStatus() {
        metrics.served(ROUTE, 201, false, Duration.ofMillis(12));

        JsonNode line = line();
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("StateApi");
        assertThat(directive.path("Dimensions").toString())
                .isEqualTo("[[\"Environment\"],[\"Environment\",\"Route\",\"Status\"]]");
        assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"Requests\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"Conflicts\",\"Unit\":\"Count\"},{\"Name\":\"IdempotentReplays\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"RequestLatency\",\"Unit\":\"Milliseconds\"}]");
        assertThat(line.path("Environment").asText()).isEqualTo("prod");
        assertThat(line.path("Route").asText()).isEqualTo(ROUTE);
        assertThat(line.path("Status").asText()).isEqualTo("201");
        assertThat(line.path("Requests").asDouble()).isEqualTo(1);
        assertThat(line.path("Conflicts").asDouble()).isZero();
        assertThat(line.path("IdempotentReplays").asDouble()).isZero();
        assertThat(line.path("RequestLatency").asDouble()).isEqualTo(12);
    }

    @Test
    void a412And409AreConflicts() {
        metrics.served(ROUTE, 412, false, Duration.ZERO);
        metrics.served("POST /v1/transactions", 409, false, Duration.ZERO);
        metrics.served(ROUTE, 404, false, Duration.ZERO);

        assertThat(lines).extracting(l -> StateJson.parse(l.getBytes(StandardCharsets.UTF_8)).path("Conflicts").asInt())
                .containsExactly(1, 1, 0);
    }

    @Test
    void aReplayedAnswerIsAnIdempotentReplay() {
        metrics.served(ROUTE, 201, true, Duration.ZERO);

        assertThat(line().path("IdempotentReplays").asDouble()).isEqualTo(1);
    }

    @Test
    void aBatchCountsEventsOmittedValuesRetriesAndItsLargestLagByEnvironment() {
        metrics.batchPublished(new PublishMetrics.Batch(7, 4, 1, 3, Optional.of(Duration.ofMillis(2_500))));

        JsonNode line = line();
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Environment\"]]");
        assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"EventsPublished\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"EventValuesOmitted\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"EventValuesTooLarge\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"PublishRetries\",\"Unit\":\"Count\"},{\"Name\":\"PublishLag\",\"Unit\":\"Seconds\"}]");
        assertThat(line.path("EventsPublished").asDouble()).isEqualTo(7);
        assertThat(line.path("EventValuesOmitted").asDouble()).isEqualTo(4);
        assertThat(line.path("EventValuesTooLarge").asDouble()).isEqualTo(1);
        assertThat(line.path("PublishRetries").asDouble()).isEqualTo(3);
        assertThat(line.path("PublishLag").asDouble()).isEqualTo(2.5);
    }

    @Test
    void aBatchWithNothingDoneHasNoLagMetric() {
        metrics.batchPublished(new PublishMetrics.Batch(0, 0, 0, 5, Optional.empty()));

        assertThat(line().has("PublishLag")).isFalse();
        assertThat(line().path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")).hasSize(4);
    }

    @Test
    void aKeptVersionFloorCountsOnceAndNamesTheKeyInLogFieldsNotDimensions() {
        metrics.versionFloorKept(NS, Key.of("carts/7"), Version.of(3));

        JsonNode line = line();
        assertThat(line.path("VersionFloorsKept").asDouble()).isEqualTo(1);
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
                .isEqualTo("[[\"Environment\"]]");
        assertThat(line.path("tenant").asText()).isEqualTo("acme");
        assertThat(line.path("namespace").asText()).isEqualTo("shop");
        assertThat(line.path("key").asText()).isEqualTo("carts/7");
        assertThat(line.path("floorVersion").asText()).isEqualTo("3");
    }

    @Test
    void aLostVersionFloorCountsOnceWithItsKeyAndReason() {
        metrics.versionFloorLost(NS, Key.of("carts/7"), Version.of(3), "re-created first");

        JsonNode line = line();
        assertThat(line.path("VersionFloorLost").asDouble()).isEqualTo(1);
        assertThat(line.has("VersionFloorsKept")).isFalse();
        assertThat(line.path("key").asText()).isEqualTo("carts/7");
        assertThat(line.path("floorVersion").asText()).isEqualTo("3");
        assertThat(line.path("reason").asText()).isEqualTo("re-created first");
    }

    @Test
    void aRecoveredLostAnswerCountsOnceWithItsOperation() {
        metrics.lostAnswerRecovered("delete");

        JsonNode line = line();
        assertThat(line.path("LostAnswersRecovered").asDouble()).isEqualTo(1);
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"LostAnswersRecovered\",\"Unit\":\"Count\"}]");
        assertThat(line.path("operation").asText()).isEqualTo("delete");
    }

    @Test
    void aFailedUpgradeOnReadCountsOnceWithItsPathAndReason() {
        metrics.upgradeOnReadFailed("the migration from schema version 1 to 2 failed: qty is missing");

        JsonNode line = line();
        assertThat(line.path("UpgradesFailed").asDouble()).isEqualTo(1);
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"UpgradesFailed\",\"Unit\":\"Count\"}]");
        assertThat(line.path("path").asText()).isEqualTo("read");
        assertThat(line.path("reason").asText()).contains("1 to 2");
    }
}
