package io.stateapi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import io.stateapi.replay.StreamReplayEvents;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replays a message of the stream's dead-letter queue by invoking the fan-out function, as the
 * event source mapping would, with the records it stands for ({@link StreamReplayEvents}).
 * Success is an answer without {@code FunctionError} and without {@code batchItemFailures}.
 */
final class FanOutInvocations implements DeadLetterSweep.Replayer {

    private final StreamReplayEvents events;
    private final LambdaClient lambda;
    private final String functionName;

    FanOutInvocations(StreamReplayEvents events, LambdaClient lambda, String functionName) {
        this.events = events;
        this.lambda = lambda;
        this.functionName = functionName;
    }

    @Override
    public String describe(Message message) {
        return StreamReplayEvents.read(message.body()).describe();
    }

    @Override
    public void replay(Message message) {
        String event = events.eventFor(StreamReplayEvents.read(message.body()));
        InvokeResponse response = lambda.invoke(b -> b.functionName(functionName)
                .invocationType(InvocationType.REQUEST_RESPONSE).payload(SdkBytes.fromUtf8String(event)));
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new IllegalStateException(functionName + " failed (" + response.functionError() + "): " + payload);
        }
        JsonNode failures = payload.isBlank() ? null
                : StateJson.parse(response.payload().asByteArray()).path("batchItemFailures");
        if (failures != null && failures.isArray() && !failures.isEmpty()) {
            throw new IllegalStateException(functionName + " reported " + failures.size()
                    + " failed record(s), from sequence number " + failures.get(0).path("itemIdentifier").asText());
        }
    }
}
