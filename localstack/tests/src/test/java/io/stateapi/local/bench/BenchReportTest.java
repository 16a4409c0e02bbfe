package io.stateapi.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @TempDir
    Path results;

    @Test
    void aFailedPhaseIsReportedTheNextOneRunsAndTheExitStatusSaysSoAtTheEnd() throws Exception {
        BenchReport report = start();
        boolean first = report.phase("fails", () -> {
            throw new IllegalStateException("503 the store did not answer in time");
        });
        boolean[] ran = {false};
        boolean second = report.phase("runs anyway", () -> ran[0] = true);

        int status = report.finish();

        assertThat(first).isFalse();
        assertThat(second).isTrue();
        assertThat(ran[0]).isTrue();
        assertThat(status).isEqualTo(1);
        JsonNode phases = written().path("phases");
        assertThat(phases.get(0).path("ok").asBoolean()).isFalse();
        assertThat(phases.get(0).path("error").asText()).contains("did not answer in time");
        assertThat(phases.get(1).path("ok").asBoolean()).isTrue();
    }

    @Test
    void aRunWithoutFailuresExitsWithZero() {
        BenchReport report = start();
        report.phase("fine", () -> { });

        assertThat(report.finish()).isZero();
    }

    @Test
    void theResultsFileCarriesPercentilesTheCdfAndTheSeriesTheChartsAreDrawnFrom() throws Exception {
        BenchReport report = start();
        Latencies latencies = report.latencies("api-latency", "GET");
        for (int millis = 1; millis <= 100; millis++) {
            latencies.recordMillis(millis);
        }
        report.point("goodput-writers", "increments", "writers", 1, "per second", 10.5);
        report.point("goodput-writers", "increments", "writers", 8, "per second", 6.25);
        report.finish();

        JsonNode json = written();
        JsonNode figure = json.path("latencies").get(0);
        assertThat(figure.path("chart").asText()).isEqualTo("api-latency");
        assertThat(figure.path("count").asLong()).isEqualTo(100);
        assertThat(figure.path("p50").asDouble()).isBetween(49.9, 50.1);
        assertThat(figure.path("max").asDouble()).isBetween(99.9, 100.1);
        JsonNode cdf = figure.path("cdf");
        assertThat(cdf.size()).isGreaterThan(5);
        assertThat(cdf.get(cdf.size() - 1).get(0).asDouble()).isEqualTo(100.0);
        JsonNode series = json.path("series").get(0);
        assertThat(series.path("points").size()).isEqualTo(2);
        assertThat(series.path("points").get(1).get(1).asDouble()).isEqualTo(6.25);
        assertThat(json.path("environment").path("cores").asInt()).isPositive();
    }

    @Test
    void chartsAreDrawnFromTheResultsFilesHeadless() throws Exception {
        BenchReport report = start();
        Latencies latencies = report.latencies("api-latency", "GET");
        latencies.recordMillis(3);
        latencies.recordMillis(7);
        report.point("goodput-writers", "increments", "writers", 1, "per second", 10);
        report.finish();
        Path charts = results.resolve("charts");

        BenchCharts.main(new String[] {charts.toString()});

        assertThat(charts.resolve("api-latency.png")).isNotEmptyFile();
        assertThat(charts.resolve("goodput-writers.png")).isNotEmptyFile();
        assertThat(Files.readAllBytes(charts.resolve("api-latency.png"))).startsWith(0x89, 'P', 'N', 'G');
    }

    @org.junit.jupiter.api.AfterEach
    void forgetTheResultsDirectory() {
        System.clearProperty("bench.results");
    }

    private BenchReport start() {
        System.setProperty("bench.results", results.toString());
        return BenchReport.start("SampleBenchmark");
    }

    private JsonNode written() throws Exception {
        return StateJson.parse(Files.readAllBytes(results.resolve("SampleBenchmark.json")));
    }
}
