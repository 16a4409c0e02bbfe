package io.stateapi.local.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run's results and its way to the end. Each phase runs through {@link #phase}: a
 * phase that throws is reported and the run goes on with the next one, so a slow machine costs a
 * figure, not the whole run. {@link #finish()} writes everything to
 * {@code docs/performance/results/<benchmark>.json} (or {@code -Dbench.results=DIR}): the
 * environment (commit, JDK, cores, load average), the parameters, every latency's percentiles and
 * CDF, the series (goodput against writers), single values, the retries and the failed phases.
 * {@link BenchCharts} draws the PNGs of docs/performance/ from those files alone, so a chart in the
 * docs is reproducible from the committed file beside it. The main's exit status comes from
 * {@code finish()}: nonzero only when a phase failed, and only at the end.
 */
public final class BenchReport {

    /** One phase of a benchmark. */
    @FunctionalInterface
    public interface Phase {
        void run() throws Exception;
    }

    private final String benchmark;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final double loadBefore = loadAverage();
    private final ObjectNode parameters = StateJson.mapper().createObjectNode();
    private final List<Latencies> latencies = new ArrayList<>();
    private final ArrayNode values = StateJson.mapper().createArrayNode();
    private final ArrayNode series = StateJson.mapper().createArrayNode();
    private final ArrayNode phases = StateJson.mapper().createArrayNode();
    private final RetryCounts retries = new RetryCounts();
    private int failures;

    private BenchReport(String benchmark) {
        this.benchmark = benchmark;
    }

    /** Starts the report of {@code benchmark} (its results file's name) and says so. */
    public static BenchReport start(String benchmark) {
        System.setProperty("java.awt.headless", "true");
        BenchReport report = new BenchReport(benchmark);
        System.out.printf("== %s: JDK %s, %d cores, load average %.1f%n", benchmark, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), report.loadBefore);
        return report;
    }

    /** A setting of this run (sample counts, clients), written with the results. */
    public synchronized BenchReport parameter(String name, Object value) {
        parameters.putPOJO(name, value);
        return this;
    }

    /** A new latency figure, drawn in the CDF chart {@code chart} (docs/performance/{@code chart}.png). */
    public synchronized Latencies latencies(String chart, String name) {
        Latencies figure = new Latencies(chart, name);
        latencies.add(figure);
        return figure;
    }

    /** A single figure: a rate, a ratio, a cold start. */
    public synchronized void value(String name, double value, String unit) {
        values.addObject().put("name", name).put("value", Latencies.round(value)).put("unit", unit);
    }

    /**
     * A point ({@code x}, {@code y}) of the series {@code name} in the chart {@code chart}, e.g.
     * goodput ({@code y}, per second) against concurrent writers ({@code x}).
     */
    public synchronized void point(String chart, String name, String xLabel, double x, String yLabel, double y) {
        ObjectNode line = null;
        for (var existing : series) {
            if (existing.path("chart").asText().equals(chart) && existing.path("name").asText().equals(name)) {
                line = (ObjectNode) existing;
            }
        }
        if (line == null) {
            line = series.addObject().put("chart", chart).put("name", name).put("x", xLabel).put("y", yLabel);
            line.putArray("points");
        }
        ((ArrayNode) line.get("points")).addArray().add(x).add(Latencies.round(y));
    }

    /** The retries of this run's clients ({@link RetryingHttp}). */
    public RetryCounts retries() {
        return retries;
    }

    /** Runs {@code phase}; when it throws, reports it and returns false, and the run goes on. */
    public boolean phase(String name, Phase phase) {
        System.out.printf("-- %s: %s%n", benchmark, name);
        long started = System.nanoTime();
        ObjectNode record;
        synchronized (this) {
            record = phases.addObject().put("name", name);
        }
        try {
            phase.run();
            record.put("ok", true);
            return true;
        } catch (Exception | AssertionError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                failures++;
            }
            record.put("ok", false).put("error", String.valueOf(e));
            System.out.printf("!! %s: phase '%s' failed after %.1f s: %s (the run goes on)%n", benchmark, name,
                    (System.nanoTime() - started) / 1e9, e);
            e.printStackTrace();
            return false;
        } finally {
            record.put("seconds", Latencies.round((System.nanoTime() - started) / 1e9));
        }
    }

    /** Writes the results file and says how the run went; the process's exit status (1 if a phase failed). */
    public synchronized int finish() {
        ObjectNode json = StateJson.mapper().createObjectNode().put("benchmark", benchmark);
        ObjectNode environment = json.putObject("environment")
                .put("startedAt", startedAt.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("seconds", Latencies.round((System.nanoTime() - startedNanos) / 1e9))
                .put("commit", git("rev-parse", "--short", "HEAD"))
                .put("uncommittedChanges", !git("status", "--porcelain", "--untracked-files=no").isEmpty())
                .put("jdk", Runtime.version().toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        environment.put("loadAverageBefore", Latencies.round(loadBefore)).put("loadAverageAfter", Latencies.round(loadAverage()));
        json.set("parameters", parameters);
        ArrayNode figures = json.putArray("latencies");
        latencies.forEach(figure -> figures.add(figure.toJson()));
        json.set("series", series);
        json.set("values", values);
        json.set("retries", retries.toJson());
        json.set("phases", phases);
        Path file = resultsDirectory().resolve(benchmark + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, StateJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.printf("!! %s: could not write %s: %s%n", benchmark, file, e);
            return 1;
        }
        System.out.printf("== %s: %s in %.0f s, %d retries (%s), results in %s%n", benchmark,
                failures == 0 ? "done" : failures + " phase(s) FAILED", (System.nanoTime() - startedNanos) / 1e9,
                retries.total(), retries, file);
        return failures == 0 ? 0 : 1;
    }

    /** Where results files go: {@code -Dbench.results}, else docs/performance/results under {@code stateapi.root}. */
    public static Path resultsDirectory() {
        String override = System.getProperty("bench.results");
        return override != null ? Path.of(override) : root().resolve("docs/performance/results");
    }

    static Path root() {
        return Path.of(System.getProperty("stateapi.root", ".")).toAbsolutePath().normalize();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root().toString()));
        command.addAll(List.of(arguments));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
