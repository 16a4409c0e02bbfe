package io.stateapi.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The event JSON Lambda sends a function for DynamoDB stream records, built from the records
 * the Streams API returns: what the local stack's poller delivers, and what a replay of a
 * failed batch invokes the fan-out function with.
 */
public final class StreamEventDocument {

    private static final JsonNodeFactory NODES = StateJson.mapper().getNodeFactory();

    private StreamEventDocument() {
    }

    /** The {@code {"Records":[...]}} document Lambda would invoke the function with. */
    public static String of(List<Record> records, String streamArn) {
        ObjectNode event = NODES.objectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            array.add(toJson(record, streamArn));
        }
        return StateJson.write(event);
    }

    private static ObjectNode toJson(Record record, String streamArn) {
        ObjectNode json = NODES.objectNode()
                .put("eventID", record.eventID())
                .put("eventName", record.eventNameAsString())
                .put("eventVersion", record.eventVersion())
                .put("eventSource", record.eventSource())
                .put("awsRegion", record.awsRegion());
        StreamRecord stream = record.dynamodb();
        ObjectNode dynamodb = json.putObject("dynamodb");
        if (stream.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", stream.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", image(stream.keys()));
        if (stream.hasNewImage()) {
            dynamodb.set("NewImage", image(stream.newImage()));
        }
        if (stream.hasOldImage()) {
            dynamodb.set("OldImage", image(stream.oldImage()));
        }
        dynamodb.put("SequenceNumber", stream.sequenceNumber());
        if (stream.sizeBytes() != null) {
            dynamodb.put("SizeBytes", stream.sizeBytes());
        }
        dynamodb.put("StreamViewType", stream.streamViewTypeAsString());
        json.put("eventSourceARN", streamArn);
        if (record.userIdentity() != null) {
            json.putObject("userIdentity")
                    .put("type", record.userIdentity().type())
                    .put("principalId", record.userIdentity().principalId());
        }
        return json;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode json = NODES.objectNode();
        item.forEach((name, value) -> json.set(name, attribute(value)));
        return json;
    }

    private static ObjectNode attribute(AttributeValue value) {
        ObjectNode json = NODES.objectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> json.withArray("BS").add(base64(b)));
            case M -> json.set("M", image(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(member -> list.add(attribute(member)));
            }
            default -> throw new IllegalArgumentException("unknown attribute type: " + value);
        }
        return json;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
