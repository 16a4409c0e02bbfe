package io.stateapi.local.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What every write spends on JSON: parsing the request body with the project's one mapper
 * ({@link StateJson}, with its depth and number limits), turning the value into a validated compact
 * {@link JsonDocument} (the UTF-8 size and text check), and writing a value back as JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StateJsonBenchmark {

    /** The value's size in KiB: a typical small document, and a large one (the limit is 350 KiB). */
    @Param({"1", "64"})
    public int kib;

    private byte[] body;
    private JsonNode value;

    @Setup
    public void prepare() {
        body = ("{\"value\":" + Documents.value(kib) + "}").getBytes(StandardCharsets.UTF_8);
        value = StateJson.parse(body).get("value");
    }

    @Benchmark
    public JsonNode parseRequestBody() {
        return StateJson.parse(body);
    }

    @Benchmark
    public JsonDocument validateValue() {
        return StateJson.document(value);
    }

    @Benchmark
    public String writeValue() {
        return StateJson.write(value);
    }
}
