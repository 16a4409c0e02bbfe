package io.stateapi.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One shard's iterator and the records read from it but not yet handed to the function: the
 * batch size and batching window of the event source mapping.
 */
final class ShardReader {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String shardId;
    private final int batchSize;
    private final Duration batchingWindow;
    private final List<Record> buffer = new ArrayList<>();
    private String iterator;
    private String lastSequenceNumber;
    private Instant firstBufferedAt;

    ShardReader(DynamoDbStreamsClient streams, String streamArn, String shardId, String iterator,
                int batchSize, Duration batchingWindow) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.shardId = shardId;
        this.iterator = iterator;
        this.batchSize = batchSize;
        this.batchingWindow = batchingWindow;
    }

    String shardId() {
        return shardId;
    }

    boolean hasBuffered() {
        return !buffer.isEmpty();
    }

    /** Closed (a split or deleted shard) and everything read from it delivered. */
    boolean finished() {
        return iterator == null && buffer.isEmpty();
    }

    /**
     * Reads what is ready and hands a full batch, or one whose window has passed, to
     * {@code deliver}; returns whether there was anything to do.
     */
    boolean poll(Consumer<List<Record>> deliver) {
        boolean busy = false;
        if (iterator != null && buffer.size() < batchSize) {
            busy = read();
        }
        boolean windowPassed = firstBufferedAt != null && !Instant.now().isBefore(firstBufferedAt.plus(batchingWindow));
        if (!buffer.isEmpty() && (buffer.size() >= batchSize || windowPassed || iterator == null)) {
            List<Record> batch = new ArrayList<>(buffer.subList(0, Math.min(batchSize, buffer.size())));
            buffer.subList(0, batch.size()).clear();
            firstBufferedAt = buffer.isEmpty() ? null : Instant.now();
            deliver.accept(batch);
            busy = true;
        }
        return busy;
    }

    private boolean read() {
        GetRecordsResponse page;
        try {
            String current = iterator;
            page = streams.getRecords(b -> b.shardIterator(current).limit(batchSize - buffer.size()));
        } catch (ExpiredIteratorException e) {
            String after = lastSequenceNumber;
            iterator = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shardId);
                if (after == null) {
                    b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                }
            }).shardIterator();
            return true;
        }
        iterator = page.nextShardIterator();
        if (page.records().isEmpty()) {
            return false;
        }
        if (buffer.isEmpty()) {
            firstBufferedAt = Instant.now();
        }
        buffer.addAll(page.records());
        lastSequenceNumber = page.records().getLast().dynamodb().sequenceNumber();
        return true;
    }
}
