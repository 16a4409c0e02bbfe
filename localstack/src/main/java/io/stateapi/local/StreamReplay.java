package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.events.PoisonRecord;
import io.stateapi.json.StateJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What an operator does with a message on the stream's dead-letter queue once its cause is
 * fixed (docs/events.md, "Replay"): invoke the function again with the records it stands for.
 */
final class StreamReplay {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;

    StreamReplay(DynamoDbStreamsClient streams, String streamArn,
                 RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.handler = handler;
    }

    /**
     * Replays one dead-letter message: a poison record the function put aside carries its
     * record, which is sent again as it is; Lambda's on-failure record names a range of
     * sequence numbers, which is read from the stream again while the stream holds it (24 h).
     *
     * @return the handler's response; a failure in it is left to the caller
     */
    StreamsEventResponse replay(String deadLetter) {
        JsonNode message = StateJson.parse(deadLetter.getBytes(StandardCharsets.UTF_8));
        if (message.has(PoisonRecord.RECORD)) {
            if (message.path("imagesOmitted").asBoolean()) {
                throw new IllegalArgumentException("the poison record was too large to keep its images; read the key");
            }
            String event = "{\"Records\":[" + StateJson.write(message.get(PoisonRecord.RECORD)) + "]}";
            return handler.handleRequest(StreamEventJson.fromEventJson(event), new LocalContext());
        }
        return handler.handleRequest(StreamEventJson.toEvent(range(message.path("DDBStreamBatchInfo")), streamArn),
                new LocalContext());
    }

    private List<Record> range(JsonNode info) {
        String shardId = info.path("shardId").asText();
        BigInteger start = new BigInteger(info.path("startSequenceNumber").asText());
        BigInteger end = new BigInteger(info.path("endSequenceNumber").asText());
        String iterator = streams.getShardIterator(b -> b.streamArn(info.path("streamArn").asText(streamArn))
                .shardId(shardId).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(start.toString())).shardIterator();
        List<Record> batch = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
            boolean pastEnd = page.records().isEmpty();
            for (Record record : page.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(end) > 0) {
                    pastEnd = true;
                    break;
                }
                batch.add(record);
            }
            iterator = pastEnd ? null : page.nextShardIterator();
        }
        return batch;
    }
}
