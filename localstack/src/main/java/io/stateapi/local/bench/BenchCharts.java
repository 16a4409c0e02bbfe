package io.stateapi.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws docs/performance/*.png from the results files alone ({@link BenchReport}), headless, with
 * XChart: one latency CDF per {@code chart} id of the latencies (API operations, event lag, ...),
 * and one line chart per {@code chart} id of the series (goodput against writers). A benchmark
 * joins a chart by naming its id; a new id makes a new PNG. {@code make bench} runs it last.
 */
public final class BenchCharts {

    /** Titles of the charts the docs embed; any other id is drawn with the id as its title. */
    private static final Map<String, String> TITLES = Map.of(
            "api-latency", "Latency of the HTTP API and of the DynamoDB adapter alone (local stack)",
            "operation-latency", "Latency of PATCH and counter increments (local stack)",
            "multi-key-latency", "Latency of transactions, batch get and listing (local stack)",
            "event-lag", "Change event lag: commit to receipt (local stack)",
            "goodput-writers", "Goodput against concurrent writers on one key (local stack)",
            ThroughputCurveBenchmark.CHART,
            "Throughput against concurrent clients: the HTTP API and moto alone (2-core machine, not AWS)");

    private BenchCharts() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path results = BenchReport.resultsDirectory();
        Path out = args.length > 0 ? Path.of(args[0]) : BenchReport.root().resolve("docs/performance");
        Map<String, List<JsonNode>> cdfs = new TreeMap<>();
        Map<String, List<JsonNode>> lines = new TreeMap<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode run = StateJson.mapper().readTree(file.toFile());
                if (!run.has("benchmark")) {
                    continue; // JMH's own results file
                }
                for (JsonNode figure : run.path("latencies")) {
                    if (figure.path("count").asLong() > 0) {
                        cdfs.computeIfAbsent(figure.path("chart").asText(), c -> new ArrayList<>()).add(figure);
                    }
                }
                for (JsonNode line : run.path("series")) {
                    lines.computeIfAbsent(line.path("chart").asText(), c -> new ArrayList<>()).add(line);
                }
            }
        }
        Files.createDirectories(out);
        for (var chart : cdfs.entrySet()) {
            save(cdf(chart.getKey(), chart.getValue()), out.resolve(chart.getKey() + ".png"));
        }
        for (var chart : lines.entrySet()) {
            save(series(chart.getKey(), chart.getValue()), out.resolve(chart.getKey() + ".png"));
        }
    }

    /** Latency (log scale) against the share of samples at or below it. */
    private static XYChart cdf(String id, List<JsonNode> figures) {
        XYChart chart = chart(id, "latency (ms, log scale)", "percentile");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        for (JsonNode figure : figures) {
            List<Double> millis = new ArrayList<>();
            List<Double> percentiles = new ArrayList<>();
            for (JsonNode point : figure.path("cdf")) {
                percentiles.add(point.get(0).asDouble());
                millis.add(Math.max(0.001, point.get(1).asDouble())); // a log axis has no zero
            }
            String name = String.format("%s (p50 %s ms, p99 %s ms)", figure.path("name").asText(),
                    figure.path("p50").asText(), figure.path("p99").asText());
            chart.addSeries(name, millis, percentiles).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYChart series(String id, List<JsonNode> lines) {
        XYChart chart = chart(id, lines.getFirst().path("x").asText(), lines.getFirst().path("y").asText());
        chart.getStyler().setYAxisMin(0.0);
        for (JsonNode line : lines) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (JsonNode point : line.path("points")) {
                xs.add(point.get(0).asDouble());
                ys.add(point.get(1).asDouble());
            }
            chart.addSeries(line.path("name").asText(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static XYChart chart(String id, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(1000).height(600).title(TITLES.getOrDefault(id, id))
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Vertical)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    private static void save(XYChart chart, Path png) throws IOException {
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("chart: " + png);
    }
}
