package io.stateapi.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Hands one batch to the function until it succeeds or its retries are used up, as Lambda does
 * with {@code ReportBatchItemFailures} and {@code BisectBatchOnFunctionError}:
 * <ul>
 *   <li>a partial failure retries the batch from the reported record on (earlier records
 *       are done);</li>
 *   <li>a function error (the handler throws) splits the batch in two and retries each half,
 *       first half first;</li>
 *   <li>after {@code maximumRetryAttempts} retries, the batch's description goes to the
 *       on-failure destination.</li>
 * </ul>
 */
final class BatchDelivery {

    /** Counters since start, read by {@link StreamPoller#statistics()}. */
    static final class Counters {
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong recordsIn = new AtomicLong();
        final AtomicLong functionErrors = new AtomicLong();
        final AtomicLong partialFailures = new AtomicLong();
        final AtomicLong toFailureDestination = new AtomicLong();
    }

    /** A batch in flight, and how many times it (or the batch it was split from) was retried. */
    private record Attempt(List<Record> records, int retries) {
    }

    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final String streamArn;
    private final StreamPoller.Settings settings;
    private final FailureDestination failureDestination;
    private final Counters counters;
    private final BooleanSupplier running;
    private final Consumer<Duration> pause;

    BatchDelivery(RequestHandler<DynamodbEvent, StreamsEventResponse> handler, String streamArn,
                  StreamPoller.Settings settings, FailureDestination failureDestination, Counters counters,
                  BooleanSupplier running, Consumer<Duration> pause) {
        this.handler = handler;
        this.streamArn = streamArn;
        this.settings = settings;
        this.failureDestination = failureDestination;
        this.counters = counters;
        this.running = running;
        this.pause = pause;
    }

    void deliver(String shardId, List<Record> batch) {
        Deque<Attempt> work = new ArrayDeque<>();
        work.push(new Attempt(batch, 0));
        while (!work.isEmpty() && running.getAsBoolean()) {
            Attempt attempt = work.pop();
            if (attempt.retries() > 0) {
                pause.accept(retryDelay(attempt.retries()));
            }
            counters.invocations.incrementAndGet();
            counters.recordsIn.addAndGet(attempt.records().size());
            StreamsEventResponse response;
            try {
                response = handler.handleRequest(StreamEventJson.toEvent(attempt.records(), streamArn), new LocalContext());
            } catch (RuntimeException e) {
                counters.functionErrors.incrementAndGet();
                System.err.println("stream poller: the function failed on " + attempt.records().size() + " records: " + e);
                int retries = attempt.retries() + 1;
                if (retries > settings.maximumRetryAttempts()) {
                    toFailureDestination(shardId, attempt.records(), retries, "Unhandled");
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
            counters.partialFailures.incrementAndGet();
            List<Record> remaining = attempt.records().subList(failedAt, attempt.records().size());
            int retries = attempt.retries() + 1;
            if (retries > settings.maximumRetryAttempts()) {
                toFailureDestination(shardId, remaining, retries, null);
            } else {
                work.push(new Attempt(remaining, retries));
            }
        }
    }

    private void toFailureDestination(String shardId, List<Record> records, int invokeCount, String functionError) {
        if (failureDestination.send(shardId, records, invokeCount, functionError)) {
            counters.toFailureDestination.incrementAndGet();
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

    private Duration retryDelay(int retries) {
        Duration delay = settings.firstRetryDelay().multipliedBy(1L << Math.min(retries - 1, 20));
        return delay.compareTo(settings.maximumRetryDelay()) > 0 ? settings.maximumRetryDelay() : delay;
    }
}
