package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.resources.StreamMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Plays Lambda's event source mapping for a DynamoDB stream against an emulator, driving the
 * same handler class Lambda runs: shard discovery (a child shard waits for its parent), and
 * one batch per shard at a time, so a shard's records reach the function in order. The
 * concerns it delegates: reading a shard in batches ({@link ShardReader}), retries, bisect and
 * partial batch responses ({@link BatchDelivery}), the on-failure destination
 * ({@link FailureDestination}) and replaying what reached it ({@link StreamReplay}).
 */
public final class StreamPoller implements AutoCloseable {

    /**
     * The mapping's numbers. The behaviour that the guarantees rest on (partial batch
     * responses, bisect, one batch per shard, TRIM_HORIZON) is fixed, as in
     * {@link StreamMapping}; these vary per environment on AWS too.
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
         * leaves as soon as its record is read), 3 retries, an idle shard polled after 50 ms, then
         * less often the longer it stays idle ({@link #MAXIMUM_IDLE_INTERVAL}) until a write wakes it.
         */
        public static Settings local() {
            return new Settings(100, Duration.ZERO, 3,
                    StreamMapping.BISECT_BATCH_ON_FUNCTION_ERROR,
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
    /**
     * The longest pause of a shard that keeps finding nothing: the pause doubles from the poll
     * interval up to this. A GetRecords every 50 ms per idle shard was about an eighth of all the
     * emulator's calls in a test run (issue 14), each taking the emulator's DynamoDB lock; a
     * write through the API wakes the poller at once ({@link #wake}), so only a write made around
     * the API (the expiry sweeper, a test's own client) waits up to this long to be read.
     */
    static final Duration MAXIMUM_IDLE_INTERVAL = Duration.ofMillis(800);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Settings settings;
    private final BatchDelivery delivery;
    private final StreamReplay replay;
    private final BatchDelivery.Counters counters = new BatchDelivery.Counters();
    private final Thread thread;
    private final Object wakeUp = new Object();
    private volatile boolean running = true;
    private volatile boolean enabled = true;

    private final Map<String, ShardReader> shards = new LinkedHashMap<>();
    private final Set<String> finishedShards = new HashSet<>();
    private Instant shardsRefreshedAt = Instant.EPOCH;
    private final AtomicLong idleRounds = new AtomicLong();
    /** Idle rounds in a row, for the pause's backoff; reset by a busy round or a wake-up. */
    private int idleStreak;
    /**
     * What {@link #wake} notifies: only an idle pause, never a retry's delay (which waits on
     * {@code wakeUp}, notified only by {@link #close}). {@code woken} is set under it.
     */
    private final Object idle = new Object();
    private boolean woken;

    private StreamPoller(DynamoDbStreamsClient streams, SqsClient sqs, String streamArn, String failureQueueUrl,
                         String functionArn, RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
                         Settings settings) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.settings = Objects.requireNonNull(settings, "settings");
        FailureDestination failureDestination = new FailureDestination(Objects.requireNonNull(sqs, "sqs"),
                Objects.requireNonNull(failureQueueUrl, "failureQueueUrl"),
                Objects.requireNonNull(functionArn, "functionArn"), streamArn,
                () -> running, this::pause, settings.maximumRetryDelay());
        this.delivery = new BatchDelivery(Objects.requireNonNull(handler, "handler"), streamArn, settings,
                failureDestination, counters, () -> running, this::pause);
        this.replay = new StreamReplay(streams, streamArn, handler);
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
        return new Statistics(counters.invocations.get(), counters.recordsIn.get(), counters.functionErrors.get(),
                counters.partialFailures.get(), counters.toFailureDestination.get());
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
     * the pipeline without timing guesses. Asking wakes an idle poller ({@link #wake}): whoever
     * waits for the count to grow does not wait out the idle backoff.
     */
    public long idleRounds() {
        wake();
        return idleRounds.get();
    }

    /**
     * Polls now, and at the short interval again: something may have been written (the local
     * gateway calls this after each API request). Like Lambda's pollers, which keep reading a busy
     * stream, the poller only backs off while a shard stays idle.
     */
    public void wake() {
        synchronized (idle) {
            woken = true;
            idle.notifyAll();
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        synchronized (idle) {
            idle.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replays a message of the stream's dead-letter queue: a poison record the function put
     * aside (its record is sent again as it is), or Lambda's on-failure record of a batch (its
     * records are read from the stream again, while the stream still holds them: 24 hours).
     * The handler is invoked once with them.
     *
     * @return the handler's response; a failure in it is left to the caller
     */
    public StreamsEventResponse replay(String deadLetter) {
        return replay.replay(deadLetter);
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
                    busy |= shard.poll(batch -> delivery.deliver(shard.shardId(), batch));
                    buffered |= shard.hasBuffered();
                    if (shard.finished()) {
                        finishedShards.add(shard.shardId());
                    }
                }
            } catch (RuntimeException e) {
                // The emulator went away or hiccuped; like Lambda's pollers, keep trying.
                if (running) {
                    System.err.println("stream poller: " + e);
                }
            }
            if (busy) {
                idleStreak = 0;
            } else {
                if (!buffered && !shards.isEmpty()) {
                    idleRounds.incrementAndGet();
                }
                // A buffered batch waits out its window at the poll interval, not the backoff.
                pauseIdle(buffered ? settings.pollInterval() : idleInterval());
            }
        }
    }

    /** The poll interval doubled for each idle round in a row, up to {@link #MAXIMUM_IDLE_INTERVAL}. */
    private Duration idleInterval() {
        Duration interval = settings.pollInterval().multipliedBy(1L << Math.min(idleStreak, 10));
        idleStreak++;
        return interval.compareTo(MAXIMUM_IDLE_INTERVAL) > 0 ? MAXIMUM_IDLE_INTERVAL : interval;
    }

    /** A pause that a {@link #wake} ends (or skips, when it came since the round began) or {@link #close}. */
    private void pauseIdle(Duration duration) {
        synchronized (idle) {
            if (!woken && running) {
                try {
                    idle.wait(Math.max(1, duration.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            if (woken) {
                woken = false;
                idleStreak = 0;
            }
        }
    }

    private void refreshShards() {
        boolean allFinished = shards.values().stream().allMatch(ShardReader::finished);
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
                    .shardIteratorType(ShardIteratorType.fromValue(StreamMapping.STARTING_POSITION)))
                    .shardIterator();
            shards.put(shard.shardId(), new ShardReader(streams, streamArn, shard.shardId(), iterator,
                    settings.batchSize(), settings.batchingWindow()));
        }
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
