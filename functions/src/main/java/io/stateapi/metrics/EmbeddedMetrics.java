package io.stateapi.metrics;

import io.stateapi.resources.Metrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The functions' own CloudWatch metrics, written as CloudWatch embedded metric format (EMF)
 * log lines: on Lambda, a JSON line on standard output becomes a log event, and CloudWatch
 * Logs extracts the metrics from it; no API call, no agent, nothing to wait for.
 *
 * <p>A plain JSON line rather than the {@code aws-embedded-metrics} library: the functions
 * emit a few metrics with one dimension, and the library would add a dependency to every
 * function's jar and, outside Lambda (the local stack, tests), probe for an agent or the EC2
 * metadata endpoint before writing anything.
 *
 * <p>Every metric is in {@link Metrics#NAMESPACE} with the dimension
 * {@link Metrics#ENVIRONMENT_DIMENSION}, which is what the CDK app's alarms watch; a line with
 * further dimensions (a request's route and status) declares each metric twice, by environment
 * alone and by environment and those dimensions, so totals need no search over dimension values.
 * ADR 0048 says why this writer and not the library.
 */
public final class EmbeddedMetrics {

    /** One value of one metric. {@code unit} is a CloudWatch unit name ("Count", "Seconds"). */
    public record Datum(String name, String unit, double value) {
        public Datum {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
        }

        public static Datum count(String name, long count) {
            return new Datum(name, "Count", count);
        }

        public static Datum seconds(String name, double seconds) {
            return new Datum(name, "Seconds", seconds);
        }

        public static Datum milliseconds(String name, double milliseconds) {
            return new Datum(name, "Milliseconds", milliseconds);
        }
    }

    private final String environment;
    private final Consumer<String> sink;
    private final Clock clock;

    /**
     * @param environment the deployment's name: the metrics' dimension value
     * @param sink        where each line goes; standard output on Lambda, a list in tests
     */
    public EmbeddedMetrics(String environment, Consumer<String> sink, Clock clock) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Lines on standard output, which Lambda sends to the function's log group. */
    public static EmbeddedMetrics toStandardOutput(String environment) {
        return new EmbeddedMetrics(environment, System.out::println, Clock.systemUTC());
    }

    /**
     * Writes one line holding {@code data} and, as searchable log fields that are not metrics,
     * {@code properties} (what an operator needs to find the cause).
     */
    public void emit(List<Datum> data, Map<String, String> properties) {
        emit(data, Map.of(), properties);
    }

    /**
     * Writes one line holding {@code data} by environment and, when {@code dimensions} is not
     * empty, also by environment and those dimensions (their names and this line's values).
     * Keep dimension values few (a route template, a status code, never a key or a namespace):
     * each combination is a metric of its own, billed as one.
     */
    public void emit(List<Datum> data, Map<String, String> dimensions, Map<String, String> properties) {
        ObjectNode line = StateJson.mapper().createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", Metrics.NAMESPACE);
        ArrayNode dimensionSets = directive.putArray("Dimensions");
        dimensionSets.addArray().add(Metrics.ENVIRONMENT_DIMENSION);
        if (!dimensions.isEmpty()) {
            ArrayNode detailed = dimensionSets.addArray().add(Metrics.ENVIRONMENT_DIMENSION);
            dimensions.keySet().stream().sorted().forEach(detailed::add);
        }
        ArrayNode metrics = directive.putArray("Metrics");
        properties.forEach(line::put);
        dimensions.forEach(line::put);
        line.put(Metrics.ENVIRONMENT_DIMENSION, environment);
        for (Datum datum : data) {
            metrics.addObject().put("Name", datum.name()).put("Unit", datum.unit());
            line.put(datum.name(), datum.value());
        }
        try {
            sink.accept(StateJson.mapper().writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object of strings and numbers is always JSON", e);
        }
    }
}
