package io.stateapi.local.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One latency figure of a benchmark, recorded in an HdrHistogram: every sample kept at 3
 * significant digits whatever its range (microseconds to minutes), safe to record from many
 * threads, so p99.9 and max are exact to that precision instead of picked from a sorted array
 * that a slow machine makes too short. Results files carry its percentile distribution, from
 * which the charts draw the CDF.
 */
public final class Latencies {

    /** The percentile points written for the CDF: HdrHistogram's halving steps, 5 ticks each. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private final String chart;
    private final String name;
    private final Histogram nanos = new ConcurrentHistogram(3);

    Latencies(String chart, String name) {
        this.chart = chart;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void recordNanos(long value) {
        nanos.recordValue(Math.max(0, value));
    }

    /** For lags taken from wall clocks (commit time to receipt), which have millisecond resolution. */
    public void recordMillis(long value) {
        recordNanos(value * 1_000_000);
    }

    public long count() {
        return nanos.getTotalCount();
    }

    /** The value at {@code percentile} (0 to 100), in milliseconds. */
    public double millisAt(double percentile) {
        return nanos.getValueAtPercentile(percentile) / 1e6;
    }

    public double maxMillis() {
        return nanos.getMaxValue() / 1e6;
    }

    ObjectNode toJson() {
        ObjectNode json = StateJson.mapper().createObjectNode()
                .put("chart", chart).put("name", name).put("unit", "ms").put("count", count());
        if (count() == 0) {
            return json;
        }
        json.put("p50", round(millisAt(50))).put("p90", round(millisAt(90))).put("p99", round(millisAt(99)))
                .put("p999", round(millisAt(99.9))).put("max", round(maxMillis()))
                .put("mean", round(nanos.getMean() / 1e6));
        ArrayNode cdf = json.putArray("cdf");
        for (HistogramIterationValue point : nanos.percentiles(TICKS_PER_HALF_DISTANCE)) {
            cdf.addArray().add(round(point.getPercentileLevelIteratedTo()))
                    .add(round(point.getValueIteratedTo() / 1e6));
        }
        return json;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
