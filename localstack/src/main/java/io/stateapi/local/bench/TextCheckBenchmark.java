package io.stateapi.local.bench;

import io.stateapi.domain.JsonDocument;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What refusing lone surrogates costs a write ({@code make bench}; results in
 * docs/performance.md, ADR 0023). Not a test: it asserts nothing, it measures.
 *
 * <p>{@link JsonDocument} counts a value's UTF-8 bytes and checks its text in one pass. This
 * times that pass on 350 KiB values (the largest accepted) against the counting loop alone,
 * as it was before the check, and against what the write path already spends on the same
 * value's JSON (parse the request body, write the compact value).
 */
public final class TextCheckBenchmark {

    private static final int WARMUP = Integer.getInteger("bench.textWarmup", 300);
    private static final int SAMPLES = Integer.getInteger("bench.textSamples", 300);

    private TextCheckBenchmark() {
    }

    public static void main(String[] args) {
        BenchReport report = BenchReport.start("TextCheckBenchmark").parameter("warmup", WARMUP)
                .parameter("samples", SAMPLES);
        report.phase("350 KiB values", () -> run(report));
        System.exit(report.finish());
    }

    private static void run(BenchReport report) {
        Map<String, String> values = new LinkedHashMap<>();
        int limit = JsonDocument.MAX_UTF8_BYTES;
        values.put("ASCII string", quoted("x".repeat(limit - 2)));
        values.put("Japanese string (3 bytes a character)", quoted("日本語".repeat((limit - 2) / 9)));
        values.put("emoji string (surrogate pairs)", quoted("😀".repeat((limit - 2) / 4)));
        values.put("object of 10,000 short members", members(10_000));

        System.out.printf("%-40s %12s %12s %12s %14s%n", "350 KiB value", "count only", "count+check",
                "added", "parse+write");
        for (Map.Entry<String, String> value : values.entrySet()) {
            String json = value.getValue();
            byte[] body = ("{\"value\":" + json + "}").getBytes(StandardCharsets.UTF_8);
            double countOnly = medianMicros(() -> countOnly(json));
            double checked = medianMicros(() -> new JsonDocument(json).json().length());
            double parseWrite = medianMicros(() -> StateJson.write(StateJson.parse(body).get("value")).length());
            System.out.printf("%-40s %9.1f µs %9.1f µs %9.1f µs %11.1f µs%n", value.getKey(), countOnly, checked,
                    checked - countOnly, parseWrite);
            report.value(value.getKey() + ": count only (median)", countOnly, "µs");
            report.value(value.getKey() + ": count and check (median)", checked, "µs");
            report.value(value.getKey() + ": parse and write (median)", parseWrite, "µs");
        }
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static String members(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count && json.length() < JsonDocument.MAX_UTF8_BYTES - 64; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\\n").append(i).append("\"");
        }
        return json.append('}').toString();
    }

    /** The counting loop JsonDocument ran before it checked for lone surrogates. */
    private static int countOnly(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static double medianMicros(java.util.function.IntSupplier work) {
        long sink = 0;
        for (int i = 0; i < WARMUP; i++) {
            sink += work.getAsInt();
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            sink += work.getAsInt();
            nanos[i] = System.nanoTime() - start;
        }
        if (sink == 42) {
            System.out.print("");   // keeps the results alive
        }
        Arrays.sort(nanos);
        return nanos[SAMPLES / 2] / 1000.0;
    }
}
