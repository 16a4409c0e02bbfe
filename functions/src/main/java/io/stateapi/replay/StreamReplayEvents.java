package io.stateapi.replay;

import io.stateapi.json.StateJson;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What an operator does with a message on the stream's dead-letter queue once its cause is
 * fixed: invoke the fan-out function again with the records it stands for. This class makes
 * that event; the local stack's poller hands it to the handler in process, the replay CLI to
 * the deployed function through Lambda's Invoke API.
 */
public final class StreamReplayEvents {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;

    /**
     * @param streamArn the stream a failed batch is read from when its message does not name it
     *                  ({@code null}: the message must)
     */
    public StreamReplayEvents(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.streamArn = streamArn;
    }

    /** The dead-letter message read; see {@link StreamDeadLetter#parse}. */
    public static StreamDeadLetter read(String deadLetter) {
        return StreamDeadLetter.parse(deadLetter);
    }

    /**
     * The {@code {"Records":[...]}} event that replays a dead letter: a poison record is sent
     * again as it is; a failed batch's range of sequence numbers is read from the stream again,
     * while the stream holds it (24 hours).
     *
     * @throws IllegalStateException when the letter cannot be replayed (images omitted, or the
     *                               stream no longer holds the range)
     */
    public String eventFor(StreamDeadLetter letter) {
        return switch (letter) {
            case StreamDeadLetter.Poison poison -> {
                if (poison.imagesOmitted()) {
                    throw new IllegalStateException(
                            "the poison record was too large to keep its images; read the key and write it again");
                }
                yield "{\"Records\":[" + StateJson.write(poison.record()) + "]}";
            }
            case StreamDeadLetter.FailedBatch batch -> {
                String arn = batch.streamArn() != null ? batch.streamArn() : streamArn;
                if (arn == null) {
                    throw new IllegalStateException("the failed batch's message names no stream");
                }
                List<Record> records = range(arn, batch);
                if (records.isEmpty()) {
                    throw new IllegalStateException("the stream no longer holds " + batch.describe());
                }
                yield StreamEventDocument.of(records, arn);
            }
        };
    }

    private List<Record> range(String arn, StreamDeadLetter.FailedBatch batch) {
        String iterator;
        try {
            iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(batch.shardId())
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                    .sequenceNumber(batch.start().toString())).shardIterator();
        } catch (TrimmedDataAccessException e) {
            return List.of();
        }
        List<Record> records = new ArrayList<>();
        BigInteger end = batch.end();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
            boolean pastEnd = page.records().isEmpty();
            for (Record record : page.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(end) > 0) {
                    pastEnd = true;
                    break;
                }
                records.add(record);
            }
            iterator = pastEnd ? null : page.nextShardIterator();
        }
        return records;
    }
}
