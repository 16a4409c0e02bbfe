package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.stateapi.replay.StreamEventDocument;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The event Lambda sends a function for DynamoDB stream records ({@link StreamEventDocument}),
 * read back the way the Lambda Java runtime reads it ({@code aws-lambda-java-serialization}).
 * So the fan-out function sees locally what it sees on AWS, including the runtime's quirks.
 */
final class StreamEventJson {

    private static final PojoSerializer<DynamodbEvent> RUNTIME_SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamEventJson.class.getClassLoader());

    private StreamEventJson() {
    }

    static DynamodbEvent toEvent(List<Record> records, String streamArn) {
        return fromEventJson(StreamEventDocument.of(records, streamArn));
    }

    /** An event document as Lambda sends it, read as the Lambda Java runtime reads it. */
    static DynamodbEvent fromEventJson(String eventJson) {
        return RUNTIME_SERIALIZER.fromJson(eventJson);
    }
}
