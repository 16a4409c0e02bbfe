package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;

/**
 * A DynamoDB stream record written back as the JSON Lambda delivered it (member names and
 * attribute value types as in the event), so that a record put aside can be replayed by
 * invoking the function with {@code {"Records":[<it>]}}.
 */
final class StreamRecordJson {

    private static final JsonNodeFactory NODES = StateJson.mapper().getNodeFactory();

    private StreamRecordJson() {
    }

    /**
     * @param withImages whether to include {@code NewImage} and {@code OldImage} (up to 400 KB
     *                   each); without them the record still names its key and position
     */
    static ObjectNode of(DynamodbStreamRecord record, boolean withImages) {
        ObjectNode json = NODES.objectNode()
                .put("eventID", record.getEventID())
                .put("eventName", record.getEventName())
                .put("eventVersion", record.getEventVersion())
                .put("eventSource", record.getEventSource())
                .put("awsRegion", record.getAwsRegion());
        StreamRecord stream = record.getDynamodb();
        if (stream != null) {
            ObjectNode dynamodb = json.putObject("dynamodb");
            if (stream.getApproximateCreationDateTime() != null) {
                // Lambda sends epoch seconds as a number.
                long millis = stream.getApproximateCreationDateTime().getTime();
                if (millis % 1000 == 0) {
                    dynamodb.put("ApproximateCreationDateTime", millis / 1000);
                } else {
                    dynamodb.put("ApproximateCreationDateTime", BigDecimal.valueOf(millis, 3));
                }
            }
            putImage(dynamodb, "Keys", stream.getKeys());
            if (withImages) {
                putImage(dynamodb, "NewImage", stream.getNewImage());
                putImage(dynamodb, "OldImage", stream.getOldImage());
            }
            dynamodb.put("SequenceNumber", stream.getSequenceNumber());
            if (stream.getSizeBytes() != null) {
                dynamodb.put("SizeBytes", stream.getSizeBytes());
            }
            dynamodb.put("StreamViewType", stream.getStreamViewType());
        }
        if (record.getUserIdentity() != null) {
            json.putObject("userIdentity")
                    .put("type", record.getUserIdentity().getType())
                    .put("principalId", record.getUserIdentity().getPrincipalId());
        }
        json.put("eventSourceARN", record.getEventSourceARN());
        return json;
    }

    private static void putImage(ObjectNode parent, String name, Map<String, AttributeValue> image) {
        if (image != null) {
            parent.set(name, image(image));
        }
    }

    private static ObjectNode image(Map<String, AttributeValue> image) {
        ObjectNode json = NODES.objectNode();
        image.forEach((name, value) -> json.set(name, attribute(value)));
        return json;
    }

    private static ObjectNode attribute(AttributeValue value) {
        ObjectNode json = NODES.objectNode();
        if (value.getS() != null) {
            json.put("S", value.getS());
        } else if (value.getN() != null) {
            json.put("N", value.getN());
        } else if (value.getB() != null) {
            json.put("B", base64(value.getB()));
        } else if (value.getBOOL() != null) {
            json.put("BOOL", value.getBOOL());
        } else if (value.getNULL() != null) {
            json.put("NULL", value.getNULL());
        } else if (value.getSS() != null) {
            value.getSS().forEach(json.putArray("SS")::add);
        } else if (value.getNS() != null) {
            value.getNS().forEach(json.putArray("NS")::add);
        } else if (value.getBS() != null) {
            ArrayNode list = json.putArray("BS");
            value.getBS().forEach(b -> list.add(base64(b)));
        } else if (value.getM() != null) {
            json.set("M", image(value.getM()));
        } else if (value.getL() != null) {
            ArrayNode list = json.putArray("L");
            value.getL().forEach(member -> list.add(attribute(member)));
        }
        return json;
    }

    private static String base64(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] array = new byte[copy.remaining()];
        copy.get(array);
        return Base64.getEncoder().encodeToString(array);
    }
}
