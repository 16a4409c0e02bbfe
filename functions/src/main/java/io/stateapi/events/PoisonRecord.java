package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A stream record that no retry can publish: its item breaks the layout (it cannot be mapped),
 * or SQS refuses its change event as invalid. The fan-out function sends it, on its own, to the
 * stream's dead-letter queue and carries on with the rest of the batch (ADR 0023).
 *
 * <p>The message keeps the record as Lambda delivered it, so it can be replayed by invoking the
 * function with {@code {"Records":[<DynamoDBStreamRecord>]}} once the cause is fixed, even after
 * the stream's 24-hour retention. Its shape follows Lambda's on-failure records
 * ({@code requestContext.condition} tells the two apart):
 * <pre>
 * {"version":"1.0", "timestamp":"...",
 *  "requestContext":{"requestId":"...", "functionArn":"...", "condition":"PoisonRecord"},
 *  "reason":"...", "imagesOmitted":false, "DynamoDBStreamRecord":{...}}
 * </pre>
 *
 * @param record the record as the function received it
 * @param reason why it cannot be published, for the operator
 */
public record PoisonRecord(DynamodbStreamRecord record, String reason) {

    /** {@code requestContext.condition} of a poison record (Lambda's own say RetryAttemptsExhausted). */
    public static final String CONDITION = "PoisonRecord";
    /** Member holding the record. */
    public static final String RECORD = "DynamoDBStreamRecord";

    /** ASCII only: any text in the record survives SQS's character rule, and length is size. */
    private static final ObjectWriter WRITER = StateJson.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    public PoisonRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The dead-letter message. When the record's images would make it larger than SQS takes,
     * they are left out ({@code imagesOmitted: true}): the key and the sequence number remain,
     * and the key's current state is a {@code GET} away.
     */
    public String toMessageBody(String functionArn, String requestId, Instant time) {
        String body = write(message(functionArn, requestId, time, true));
        if (body.length() <= ChangeEventFormat.MAX_MESSAGE_BYTES) {
            return body;
        }
        return write(message(functionArn, requestId, time, false));
    }

    /** Sequence number of the record in its shard. */
    public String sequenceNumber() {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }

    private ObjectNode message(String functionArn, String requestId, Instant time, boolean withImages) {
        ObjectNode message = StateJson.mapper().createObjectNode();
        message.put("version", "1.0");
        message.put("timestamp", time.toString());
        message.putObject("requestContext")
                .put("requestId", requestId)
                .put("functionArn", functionArn)
                .put("condition", CONDITION);
        message.put("reason", reason);
        message.put("imagesOmitted", !withImages);
        message.set(RECORD, StreamRecordJson.of(record, withImages));
        return message;
    }

    private static String write(ObjectNode message) {
        try {
            return WRITER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
