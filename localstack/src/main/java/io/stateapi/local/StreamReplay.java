package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.replay.StreamReplayEvents;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What an operator does with a message on the stream's dead-letter queue once its cause is
 * fixed (docs/events.md, "Replay"), in process: the event {@link StreamReplayEvents} makes of
 * it, handed to the handler. The replay CLI sends the same event through Lambda's Invoke API.
 */
final class StreamReplay {

    private final StreamReplayEvents events;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;

    StreamReplay(DynamoDbStreamsClient streams, String streamArn,
                 RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this.events = new StreamReplayEvents(streams, streamArn);
        this.handler = handler;
    }

    /**
     * Replays one dead-letter message.
     *
     * @return the handler's response; a failure in it is left to the caller
     */
    StreamsEventResponse replay(String deadLetter) {
        String event = events.eventFor(StreamReplayEvents.read(deadLetter));
        return handler.handleRequest(StreamEventJson.fromEventJson(event), new LocalContext());
    }
}
