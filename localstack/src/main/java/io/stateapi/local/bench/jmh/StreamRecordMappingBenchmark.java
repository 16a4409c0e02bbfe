package io.stateapi.local.bench.jmh;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.stateapi.events.ChangeEvent;
import io.stateapi.events.ChangeEventFormat;
import io.stateapi.events.StreamRecordMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fan-out function's work per stream record, without SQS: a {@code MODIFY} record (new and old
 * images, a 1 KiB value) mapped to a change event, and that event written as the CloudEvents JSON
 * message body. The record is the functions' test fixture with a larger value, read by the
 * serializer the Lambda runtime uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamRecordMappingBenchmark {

    private final StreamRecordMapper mapper = new StreamRecordMapper();
    private final ChangeEventFormat format = new ChangeEventFormat("jmh");
    private DynamodbEvent.DynamodbStreamRecord record;
    private ChangeEvent change;

    @Setup
    public void prepare() throws IOException {
        String json;
        try (InputStream in = StreamRecordMappingBenchmark.class.getResourceAsStream("modify-update.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String value = Documents.value(1).replace("\\", "\\\\").replace("\"", "\\\"");
        json = json.replace("{\\\"items\\\":[{\\\"sku\\\":\\\"A-1\\\",\\\"qty\\\":2}]}", value);
        DynamodbEvent event = LambdaEventSerializers.serializerFor(DynamodbEvent.class,
                        StreamRecordMappingBenchmark.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        record = event.getRecords().getFirst();
        var events = mapper.map(record).events();
        if (events.size() != 1) {
            throw new IllegalStateException("the fixture maps to " + events.size() + " events");
        }
        change = events.getFirst();
        if (!format.toMessageBody(change).contains("gift wrap")) {
            throw new IllegalStateException("the value did not reach the event: " + format.toMessageBody(change));
        }
    }

    @Benchmark
    public StreamRecordMapper.Changes mapRecord() {
        return mapper.map(record);
    }

    @Benchmark
    public String writeEventBody() {
        return format.toMessageBody(change);
    }
}
