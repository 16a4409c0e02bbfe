package io.stateapi.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The mapping's on-failure destination: an SQS queue that gets Lambda's description of a failed batch. */
final class FailureDestination {

    private final SqsClient sqs;
    private final String queueUrl;
    private final String functionArn;
    private final String streamArn;
    private final BooleanSupplier running;
    private final Consumer<Duration> pause;
    private final Duration retryDelay;

    FailureDestination(SqsClient sqs, String queueUrl, String functionArn, String streamArn,
                       BooleanSupplier running, Consumer<Duration> pause, Duration retryDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.functionArn = functionArn;
        this.streamArn = streamArn;
        this.running = running;
        this.pause = pause;
        this.retryDelay = retryDelay;
    }

    /**
     * Sends what Lambda sends for a stream batch whose retries are used up, so that the batch
     * can be replayed; returns once the queue has it (or the poller stops).
     *
     * @param functionError {@code "Unhandled"} when the function threw, {@code null} for a partial failure
     */
    boolean send(String shardId, List<Record> records, int invokeCount, String functionError) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        body.putObject("requestContext")
                .put("requestId", UUID.randomUUID().toString())
                .put("functionArn", functionArn)
                .put("condition", "RetryAttemptsExhausted")
                .put("approximateInvokeCount", invokeCount);
        ObjectNode responseContext = body.putObject("responseContext")
                .put("statusCode", 200)
                .put("executedVersion", "$LATEST");
        if (functionError != null) {
            responseContext.put("functionError", functionError);
        }
        body.put("version", "1.0");
        body.put("timestamp", Instant.now().toString());
        Record first = records.getFirst();
        Record last = records.getLast();
        body.putObject("DDBStreamBatchInfo")
                .put("shardId", shardId)
                .put("startSequenceNumber", first.dynamodb().sequenceNumber())
                .put("endSequenceNumber", last.dynamodb().sequenceNumber())
                .put("approximateArrivalOfFirstRecord", String.valueOf(first.dynamodb().approximateCreationDateTime()))
                .put("approximateArrivalOfLastRecord", String.valueOf(last.dynamodb().approximateCreationDateTime()))
                .put("batchSize", records.size())
                .put("streamArn", streamArn);
        String message = StateJson.write(body);
        // Lambda keeps trying to reach the destination; losing this record would lose the batch silently.
        while (running.getAsBoolean()) {
            try {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message));
                System.err.println("stream poller: " + records.size() + " records sent to the on-failure destination: "
                        + message);
                return true;
            } catch (RuntimeException e) {
                System.err.println("stream poller: cannot reach the on-failure destination, retrying: " + e);
                pause.accept(retryDelay);
            }
        }
        return false;
    }
}
