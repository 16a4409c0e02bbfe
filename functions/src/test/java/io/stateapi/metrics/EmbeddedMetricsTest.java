package io.stateapi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EMF line CloudWatch Logs turns into metrics (the format's specification, field by field). */
class EmbeddedMetricsTest {

    private final List<String> lines = new ArrayList<>();
    private final EmbeddedMetrics metrics = new EmbeddedMetrics("dev", lines::add,
            Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void oneLineDeclaresTheMetricsInTheStateApiNamespaceByEnvironment() {
        metrics.emit(List.of(EmbeddedMetrics.Datum.count("ExpiredKeysSwept", 3),
                EmbeddedMetrics.Datum.seconds("ExpirySweepLag", 61.5)), Map.of());

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).doesNotContain("\n");
        JsonNode line = StateJson.parse(lines.getFirst().getBytes(StandardCharsets.UTF_8));
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(1_796_198_400_000L);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("StateApi");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Environment\"]]");
        assertThat(directive.path("Metrics").toString()).isEqualTo(
                "[{\"Name\":\"ExpiredKeysSwept\",\"Unit\":\"Count\"},{\"Name\":\"ExpirySweepLag\",\"Unit\":\"Seconds\"}]");
        assertThat(line.path("Environment").asText()).isEqualTo("dev");
        assertThat(line.path("ExpiredKeysSwept").asDouble()).isEqualTo(3);
        assertThat(line.path("ExpirySweepLag").asDouble()).isEqualTo(61.5);
    }

    @Test
    void propertiesAreLogFieldsButNotMetrics() {
        metrics.emit(List.of(EmbeddedMetrics.Datum.count("VersionFloorLost", 1)),
                Map.of("namespace", "shop", "key", "carts/42"));

        JsonNode line = StateJson.parse(lines.getFirst().getBytes(StandardCharsets.UTF_8));
        assertThat(line.path("namespace").asText()).isEqualTo("shop");
        assertThat(line.path("key").asText()).isEqualTo("carts/42");
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")).hasSize(1);
    }
}
