package io.stateapi.local.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side's figures in one round of {@link PeerBenchmark}, in the JSON shape the Go driver
 * (localstack/bench/dapr) writes, so both sides' results read and print alike.
 *
 * @param latency by operation ({@link PeerWorkload#OPERATIONS})
 */
record PeerFigures(String side, Map<String, Latency> latency, List<Goodput> goodput, long refusals) {

    /** Nearest-rank percentiles of the timed rounds, in milliseconds. */
    record Latency(double p50, double p99, int n) {
    }

    /**
     * Compare-and-set increments by {@code writers} on one key.
     *
     * @param lost                committed increments the final value does not show
     * @param longestLosingStreak the most conflicts one increment met before it committed
     */
    record Goodput(int writers, long increments, long attempts, double seconds, double perSecond, long lost,
                   long longestLosingStreak) {
    }

    Goodput goodputOf(int writers) {
        return goodput.stream().filter(g -> g.writers() == writers).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure for " + writers + " writers"));
    }

    /** Reads the Go driver's result. */
    static PeerFigures fromJson(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject root = reader.readObject();
            Map<String, Latency> latency = new LinkedHashMap<>();
            root.getJsonObject("latency").forEach((op, value) -> {
                JsonObject l = value.asJsonObject();
                latency.put(op, new Latency(l.getJsonNumber("p50_ms").doubleValue(),
                        l.getJsonNumber("p99_ms").doubleValue(), l.getInt("n")));
            });
            List<Goodput> goodput = new ArrayList<>();
            for (JsonValue value : root.getJsonArray("goodput")) {
                JsonObject g = value.asJsonObject();
                goodput.add(new Goodput(g.getInt("writers"), g.getJsonNumber("increments").longValue(),
                        g.getJsonNumber("attempts").longValue(), g.getJsonNumber("seconds").doubleValue(),
                        g.getJsonNumber("per_second").doubleValue(), g.getJsonNumber("lost").longValue(),
                        g.getJsonNumber("longest_losing_streak").longValue()));
            }
            return new PeerFigures(root.getString("side"), latency, goodput, 0);
        }
    }

    JsonObject toJson() {
        JsonObjectBuilder latencies = Json.createObjectBuilder();
        latency.forEach((op, l) -> latencies.add(op, Json.createObjectBuilder()
                .add("p50_ms", l.p50()).add("p99_ms", l.p99()).add("n", l.n())));
        JsonArrayBuilder goodputs = Json.createArrayBuilder();
        for (Goodput g : goodput) {
            goodputs.add(Json.createObjectBuilder().add("writers", g.writers()).add("increments", g.increments())
                    .add("attempts", g.attempts()).add("seconds", g.seconds()).add("per_second", g.perSecond())
                    .add("lost", g.lost()).add("longest_losing_streak", g.longestLosingStreak()));
        }
        return Json.createObjectBuilder().add("side", side).add("latency", latencies).add("goodput", goodputs)
                .add("refusals", refusals).build();
    }
}
