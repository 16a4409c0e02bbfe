package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.json.StateJson;
import io.stateapi.resources.StateApiResources;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Plays Lambda's event source mapping for a DynamoDB stream against an emulator, driving the
 * same handler class Lambda runs: shard discovery (a child shard waits for its parent),
 * iterators, batch size and batching window, and on failure what Lambda does with
 * {@code ReportBatchItemFailures} and {@code BisectBatchOnFunctionError}:
 * <ul>
 *   <li>a partial failure retries the batch from the reported record on (earlier records
 *       are done);</li>
 *   <li>a function error (the handler throws) splits the batch in two and retries each half,
 *       first half first;</li>
 *   <li>after {@code maximumRetryAttempts} retries, the batch's description goes to the
 *       on-failure destination (an SQS queue) in Lambda's format, and the shard moves on.</li>
 * </ul>
 * One batch per shard at a time, so a shard's records reach the function in order.
 */
public final class StreamPoller implements AutoCloseable {

    /**
     * The mapping's numbers. The behaviour that the guarantees rest on (partial batch
     * responses, bisect, one batch per shard, TRIM_HORIZON) is fixed, as in
     * {@link StateApiResources.StreamMapping}; these vary per environment on AWS too.
     */
    public record Settings(int batchSize, Duration batchingWindow, int maximumRetryAttempts,
                           boolean bisectBatchOnFunctionError, Duration pollInterval,
                           Duration firstRetryDelay, Duration maximumRetryDelay) {

        public Settings {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("batchSize must be 1 to 1000 (the GetRecords limit): " + batchSize);
            }
            if (maximumRetryAttempts < 0) {
                throw new IllegalArgumentException("maximumRetryAttempts must not be negative");
            }
        }

        /**
         * The local stack's: batches of up to 100 records without a batching window (an event
         * leaves as soon as its record is read), 3 retries, an idle shard polled every 50 ms.
         */
        public static Settings local() {
            return new Settings(100, Duration.ZERO, 3,
                    StateApiResources.StreamMapping.BISECT_BATCH_ON_FUNCTION_ERROR,
                    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(2));
        }

        public Settings withBatchSize(int size) {
            return new Settings(size, batchingWindow, maximumRetryAttempts, bisectBatchOnFunctionError,
                    pollInterval, firstRetryDelay, maximumRetryDelay);
        }

        public Settings withBatchingWindow(Duration window) {
            return new Settings(batchSize, window, maximumRetryAttempts, bisectBatchOnFunctionError,
                    pollInterval, firstRetryDelay, maximumRetryDelay);
        }

        public Settings withMaximumRetryAttempts(int attempts) {
            return new Settings(batchSize, batchingWindow, attempts, bisectBatchOnFunctionError,
                    pollInterval, firstRetryDelay, maximumRetryDelay);
        }

        public Settings withRetryDelays(Duration first, Duration maximum) {
            return new Settings(batchSize, batchingWindow, maximumRetryAttempts, bisectBatchOnFunctionError,
                    pollInterval, first, maximum);
        }
    }

    /** Counters since start, for tests, benchmarks and the console. */
    public record Statistics(long invocations, long recordsIn, long functionErrors, long partialFailures,
                             long batchesToFailureDestination) {
    }

    private static final Duration SHARD_REFRESH = Duration.ofSeconds(10);

    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final String streamArn;
    private final String failureQueueUrl;
    private final String functionArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final Settings settings;
    private final Thread thread;
    private final Object wakeUp = new Object();
    private volatile boolean running = true;
    private volatile boolean enabled = true;

    private final Map<String, ShardReader> shards = new LinkedHashMap<>();
    private final Set<String> finishedShards = new HashSet<>();
    private Instant shardsRefreshedAt = Instant.EPOCH;

    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong recordsIn = new AtomicLong();
    private final AtomicLong functionErrors = new AtomicLong();
    private final AtomicLong partialFailures = new AtomicLong();
    private final AtomicLong toFailureDestination = new AtomicLong();
    private final AtomicLong idleRounds = new AtomicLong();

    private StreamPoller(DynamoDbStreamsClient streams, SqsClient sqs, String streamArn, String failureQueueUrl,
                         String functionArn, RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
                         Settings settings) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.failureQueueUrl = Objects.requireNonNull(failureQueueUrl, "failureQueueUrl");
        this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.thread = new Thread(this::run, "stream-poller");
        this.thread.setDaemon(true);
    }

    /**
     * Starts polling {@code streamArn} from its oldest record (TRIM_HORIZON, as the mapping is
     * deployed), invoking {@code handler}; failed batches go to {@code failureQueueUrl}.
     */
    public static StreamPoller start(DynamoDbStreamsClient streams, SqsClient sqs, String streamArn,
                                     String failureQueueUrl, String functionArn,
                                     RequestHandler<DynamodbEvent, StreamsEventResponse> handler, Settings settings) {
        StreamPoller poller = new StreamPoller(streams, sqs, streamArn, failureQueueUrl, functionArn, handler, settings);
        poller.thread.start();
        return poller;
    }

    public Statistics statistics() {
        return new Statistics(invocations.get(), recordsIn.get(), functionErrors.get(), partialFailures.get(),
                toFailureDestination.get());
    }

    /**
     * Stops or resumes reading the stream, like the mapping's {@code Enabled} flag: records
     * written meanwhile wait in the stream and are read, in order, once it is enabled again.
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Polling rounds that found nothing to read or deliver. Once this has grown by two after
     * a write committed, the write's stream record has been handled: the way tests wait for
     * the pipeline without timing guesses.
     */
    public long idleRounds() {
        return idleRounds.get();
    }

    @Override
    public void close() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replays a batch from its on-failure record (the body of a message on the stream DLQ):
     * reads the records between its start and end sequence numbers from the stream again,
     * while the stream still holds them (24 hours), and invokes the handler once with them.
     *
     * @return the handler's response; a failure in it is left to the caller
     */
    public StreamsEventResponse replay(String failureRecord) {
        JsonNode info = StateJson.parse(failureRecord.getBytes(StandardCharsets.UTF_8)).path("DDBStreamBatchInfo");
        String shardId = info.path("shardId").asText();
        BigInteger start = new BigInteger(info.path("startSequenceNumber").asText());
        BigInteger end = new BigInteger(info.path("endSequenceNumber").asText());
        String iterator = streams.getShardIterator(b -> b.streamArn(info.path("streamArn").asText(streamArn))
                .shardId(shardId).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(start.toString())).shardIterator();
        List<Record> batch = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current).limit(1000));
            boolean pastEnd = page.records().isEmpty();
            for (Record record : page.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(end) > 0) {
                    pastEnd = true;
                    break;
                }
                batch.add(record);
            }
            iterator = pastEnd ? null : page.nextShardIterator();
        }
        return handler.handleRequest(StreamEventJson.toEvent(batch, streamArn), new LocalContext());
    }

    private void run() {
        while (running) {
            if (!enabled) {
                pause(settings.pollInterval());
                continue;
            }
            boolean busy = false;
            boolean buffered = false;
            try {
                refreshShards();
                for (ShardReader shard : List.copyOf(shards.values())) {
                    busy |= shard.poll();
                    buffered |= !shard.buffer.isEmpty();
                }
            } catch (RuntimeException e) {
                // The emulator went away or hiccuped; like Lambda's pollers, keep trying.
                if (running) {
                    System.err.println("stream poller: " + e);
                }
            }
            if (!busy) {
                if (!buffered && !shards.isEmpty()) {
                    idleRounds.incrementAndGet();
                }
                pause(settings.pollInterval());
            }
        }
    }

    private void refreshShards() {
        boolean allFinished = shards.values().stream().allMatch(s -> s.iterator == null && s.buffer.isEmpty());
        if (!allFinished && Duration.between(shardsRefreshedAt, Instant.now()).compareTo(SHARD_REFRESH) < 0) {
            return;
        }
        shardsRefreshedAt = Instant.now();
        List<Shard> described = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
        Set<String> known = new HashSet<>();
        described.forEach(s -> known.add(s.shardId()));
        for (Shard shard : described) {
            if (shards.containsKey(shard.shardId())) {
                continue;
            }
            String parent = shard.parentShardId();
            if (parent != null && known.contains(parent) && !finishedShards.contains(parent)) {
                continue; // a child shard's records follow its parent's: start it when the parent is done
            }
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.fromValue(StateApiResources.StreamMapping.STARTING_POSITION)))
                    .shardIterator();
            shards.put(shard.shardId(), new ShardReader(shard.shardId(), iterator));
        }
    }

    /** One shard's iterator and the records read from it but not yet handed to the function. */
    private final class ShardReader {
        final String shardId;
        String iterator;
        String lastSequenceNumber;
        final List<Record> buffer = new ArrayList<>();
        Instant firstBufferedAt;

        ShardReader(String shardId, String iterator) {
            this.shardId = shardId;
            this.iterator = iterator;
        }

        /** Reads and delivers what is ready; returns whether there was anything to do. */
        boolean poll() {
            boolean read = false;
            if (iterator != null && buffer.size() < settings.batchSize()) {
                read = read();
            }
            boolean windowPassed = firstBufferedAt != null
                    && !Instant.now().isBefore(firstBufferedAt.plus(settings.batchingWindow()));
            if (!buffer.isEmpty() && (buffer.size() >= settings.batchSize() || windowPassed || iterator == null)) {
                List<Record> batch = new ArrayList<>(buffer.subList(0, Math.min(settings.batchSize(), buffer.size())));
                buffer.subList(0, batch.size()).clear();
                firstBufferedAt = buffer.isEmpty() ? null : Instant.now();
                deliver(shardId, batch);
                read = true;
            }
            if (iterator == null && buffer.isEmpty()) {
                finishedShards.add(shardId);
            }
            return read;
        }

        private boolean read() {
            GetRecordsResponse page;
            try {
                String current = iterator;
                page = streams.getRecords(b -> b.shardIterator(current).limit(settings.batchSize() - buffer.size()));
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

    /** A batch in flight, and how many times it (or the batch it was split from) was retried. */
    private record Attempt(List<Record> records, int retries) {
    }

    /** Hands one batch to the function until it succeeds or its retries are used up. */
    private void deliver(String shardId, List<Record> batch) {
        Deque<Attempt> work = new ArrayDeque<>();
        work.push(new Attempt(batch, 0));
        while (!work.isEmpty() && running) {
            Attempt attempt = work.pop();
            if (attempt.retries() > 0) {
                pause(retryDelay(attempt.retries()));
            }
            invocations.incrementAndGet();
            recordsIn.addAndGet(attempt.records().size());
            StreamsEventResponse response;
            try {
                response = handler.handleRequest(StreamEventJson.toEvent(attempt.records(), streamArn), new LocalContext());
            } catch (RuntimeException e) {
                functionErrors.incrementAndGet();
                int retries = attempt.retries() + 1;
                if (retries > settings.maximumRetryAttempts()) {
                    sendToFailureDestination(shardId, attempt.records(), retries, "Unhandled");
                } else if (settings.bisectBatchOnFunctionError() && attempt.records().size() > 1) {
                    int half = attempt.records().size() / 2;
                    work.push(new Attempt(attempt.records().subList(half, attempt.records().size()), retries));
                    work.push(new Attempt(attempt.records().subList(0, half), retries));
                } else {
                    work.push(new Attempt(attempt.records(), retries));
                }
                continue;
            }
            int failedAt = firstFailure(attempt.records(), response);
            if (failedAt < 0) {
                continue;
            }
            partialFailures.incrementAndGet();
            List<Record> remaining = attempt.records().subList(failedAt, attempt.records().size());
            int retries = attempt.retries() + 1;
            if (retries > settings.maximumRetryAttempts()) {
                sendToFailureDestination(shardId, remaining, retries, null);
            } else {
                work.push(new Attempt(remaining, retries));
            }
        }
    }

    /**
     * Index of the first record the response reports as failed, or -1 when none. Like
     * Lambda, a response naming a record that is not in the batch fails the whole batch.
     */
    private static int firstFailure(List<Record> records, StreamsEventResponse response) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return -1;
        }
        int first = Integer.MAX_VALUE;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            int index = -1;
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).dynamodb().sequenceNumber().equals(failure.getItemIdentifier())) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return 0;
            }
            first = Math.min(first, index);
        }
        return first;
    }

    /** What Lambda sends an on-failure destination for a stream batch, so the batch can be replayed. */
    private void sendToFailureDestination(String shardId, List<Record> records, int invokeCount, String functionError) {
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
        while (running) {
            try {
                sqs.sendMessage(b -> b.queueUrl(failureQueueUrl).messageBody(message));
                toFailureDestination.incrementAndGet();
                System.err.println("stream poller: " + records.size() + " records sent to the on-failure destination: "
                        + message);
                return;
            } catch (RuntimeException e) {
                System.err.println("stream poller: cannot reach the on-failure destination, retrying: " + e);
                pause(settings.maximumRetryDelay());
            }
        }
    }

    private Duration retryDelay(int retries) {
        Duration delay = settings.firstRetryDelay().multipliedBy(1L << Math.min(retries - 1, 20));
        return delay.compareTo(settings.maximumRetryDelay()) > 0 ? settings.maximumRetryDelay() : delay;
    }

    private void pause(Duration duration) {
        synchronized (wakeUp) {
            if (!running) {
                return;
            }
            try {
                wakeUp.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
