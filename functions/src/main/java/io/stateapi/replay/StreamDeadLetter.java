package io.stateapi.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.events.PoisonRecord;
import io.stateapi.json.StateJson;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A message of the stream's dead-letter queue, read (docs/events.md, "Failures, dead-letter
 * queues and replay"): a poison record the fan-out function put aside, which carries its
 * record, or Lambda's on-failure record of a batch, which names a range of sequence numbers.
 */
public sealed interface StreamDeadLetter {

    /** One line for an operator: the kind and the keys or the range. */
    String describe();

    /**
     * A record the function put aside ({@link PoisonRecord}).
     *
     * @param record        the record as Lambda delivered it ({@code DynamoDBStreamRecord})
     * @param imagesOmitted its images were left out to fit SQS's size: it cannot be replayed as it is
     */
    record Poison(JsonNode record, String reason, boolean imagesOmitted) implements StreamDeadLetter {

        @Override
        public String describe() {
            JsonNode dynamodb = record.path("dynamodb");
            return "poison record, " + record.path("eventName").asText() + " of " + keys(dynamodb.path("Keys"))
                    + " at sequence number " + dynamodb.path("SequenceNumber").asText()
                    + (imagesOmitted ? " (images omitted: cannot be replayed as it is)" : "") + ": " + reason;
        }
    }

    /**
     * Lambda's on-failure record of a batch ({@code DDBStreamBatchInfo}).
     *
     * @param streamArn the stream, or {@code null} when the message does not name it
     * @param condition why Lambda gave up, e.g. RetryAttemptsExhausted
     */
    record FailedBatch(String streamArn, String shardId, BigInteger start, BigInteger end, int batchSize,
                       String condition) implements StreamDeadLetter {

        @Override
        public String describe() {
            return "failed batch (" + condition + "), " + batchSize + " record(s) of shard " + shardId
                    + ", sequence numbers " + start + " to " + end;
        }
    }

    /** @throws IllegalArgumentException when the message is neither kind */
    static StreamDeadLetter parse(String body) {
        JsonNode message;
        try {
            message = StateJson.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a dead letter of the stream (not JSON): " + e.getMessage(), e);
        }
        if (message.has(PoisonRecord.RECORD)) {
            return new Poison(message.get(PoisonRecord.RECORD), message.path("reason").asText(),
                    message.path("imagesOmitted").asBoolean());
        }
        JsonNode info = message.path("DDBStreamBatchInfo");
        if (!info.isObject()) {
            throw new IllegalArgumentException("not a dead letter of the stream: neither "
                    + PoisonRecord.RECORD + " nor DDBStreamBatchInfo");
        }
        return new FailedBatch(info.hasNonNull("streamArn") ? info.get("streamArn").asText() : null,
                info.path("shardId").asText(), new BigInteger(info.path("startSequenceNumber").asText()),
                new BigInteger(info.path("endSequenceNumber").asText()), info.path("batchSize").asInt(),
                message.path("requestContext").path("condition").asText("unknown"));
    }

    private static String keys(JsonNode keys) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> key : keys.properties()) {
            JsonNode value = key.getValue();
            String text = value.has("S") ? value.get("S").asText() : value.has("N") ? value.get("N").asText()
                    : value.toString();
            parts.add(key.getKey() + "=" + text);
        }
        return String.join(", ", parts);
    }
}
