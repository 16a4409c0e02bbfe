package io.stateapi.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The answers a benchmark's client sent again (503, 429, a refused connection), and those it gave
 * up on: a run that needed retries is slower than its figures would be on a quiet machine, so the
 * results file says how many there were.
 */
public final class RetryCounts {

    private final Map<String, LongAdder> retried = new ConcurrentHashMap<>();
    private final LongAdder gaveUp = new LongAdder();

    void retried(String cause) {
        retried.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    void gaveUp() {
        gaveUp.increment();
    }

    public long total() {
        return retried.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long gaveUpCount() {
        return gaveUp.sum();
    }

    ObjectNode toJson() {
        ObjectNode json = StateJson.mapper().createObjectNode();
        new TreeMap<>(retried).forEach((cause, count) -> json.put(cause, count.sum()));
        json.put("gaveUp", gaveUp.sum());
        return json;
    }

    @Override
    public String toString() {
        Map<String, Long> sums = new TreeMap<>();
        retried.forEach((cause, count) -> sums.put(cause, count.sum()));
        return sums + ", gave up " + gaveUp.sum();
    }
}
