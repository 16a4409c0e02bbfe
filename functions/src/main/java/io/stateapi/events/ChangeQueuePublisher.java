package io.stateapi.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends change messages to the FIFO queue with {@code SendMessageBatch}, keeping each key's
 * messages in order even when SQS fails some entries of a batch (ADR 0021).
 *
 * <p>A key's next message is sent only once SQS has accepted (or refused for good) its
 * previous one: SQS reports failures per entry, and a later message of a key accepted while an
 * earlier one failed would overtake it on the retry. So the messages go out in waves: wave 0 holds the first message
 * of every key in the batch, wave 1 the second, and so on. Within a wave every message has
 * its own group, so the wave's {@code SendMessageBatch} calls (10 entries each) run
 * concurrently, up to a limit; waves run one after the other.
 *
 * <p>Failed entries are retried a few times ({@link BatchCall}). What still fails sets the
 * failure point: the lowest index not accepted. Everything before it is still sent,
 * everything at or after it is left for the retry of the stream records from there on;
 * messages after it that did get through are sent again then and dropped by SQS's
 * de-duplication. A message SQS refuses for good (a body it never accepts) is no failure
 * point: it is reported in {@link Outcome#refused()}, and its key's later messages go on
 * (ADR 0023).
 */
public final class ChangeQueuePublisher implements AutoCloseable {

    /** SQS's limit on entries in one {@code SendMessageBatch}. */
    static final int MAX_BATCH_ENTRIES = 10;
    /**
     * Concurrent {@code SendMessageBatch} calls at most, by default: on AWS the calls wait on the
     * network, not the CPU. (An emulator that serves one request at a time wants fewer.)
     */
    public static final int DEFAULT_CONCURRENT_CALLS = 8;

    /** One message for the FIFO queue. */
    public record Message(String deduplicationId, String groupId, String body) {
        public Message {
            Objects.requireNonNull(deduplicationId, "deduplicationId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(body, "body");
        }

        int bytes() {
            return body.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /**
     * What a publish call achieved.
     *
     * @param confirmed how many of the messages, from the first, SQS has settled for sure
     *                  (accepted, or refused for good); later ones may or may not be on the queue
     * @param failure   why the message at index {@code confirmed} was not accepted, if it was not
     * @param refused   messages SQS refused for good (a body it never accepts), by index, with
     *                  its reason: no retry can send them, so they do not stop the others
     */
    public record Outcome(int confirmed, String failure, SortedMap<Integer, String> refused) {
        public Outcome {
            refused = Collections.unmodifiableSortedMap(new TreeMap<>(refused));
        }

        public boolean complete() {
            return failure == null;
        }
    }

    private final BatchCall call;
    private final int concurrentCalls;
    /** Platform threads: the SDK's blocking HTTP client and its timeout interrupts are made for them. */
    private final ExecutorService calls;

    public ChangeQueuePublisher(SqsClient sqs, String queueUrl, int concurrentCalls) {
        this.call = new BatchCall(sqs, queueUrl);
        if (concurrentCalls < 1) {
            throw new IllegalArgumentException("concurrentCalls must be at least 1: " + concurrentCalls);
        }
        this.concurrentCalls = concurrentCalls;
        AtomicInteger threads = new AtomicInteger();
        this.calls = concurrentCalls == 1 ? null : Executors.newFixedThreadPool(concurrentCalls, task -> {
            Thread thread = new Thread(task, "send-message-batch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        if (calls != null) {
            calls.shutdownNow();
        }
    }

    public Outcome publish(List<Message> messages) {
        int count = messages.size();
        int[] previousOfGroup = new int[count];
        int[] wave = new int[count];
        Map<String, Integer> lastOfGroup = new HashMap<>();
        int waves = 0;
        for (int i = 0; i < count; i++) {
            Integer previous = lastOfGroup.put(messages.get(i).groupId(), i);
            previousOfGroup[i] = previous == null ? -1 : previous;
            wave[i] = previous == null ? 0 : wave[previous] + 1;
            waves = Math.max(waves, wave[i] + 1);
        }
        // Settled: accepted, or refused for good. A key's next message waits for its previous one
        // to be settled; one SQS will never take does not hold the key's later changes back (ADR 0023).
        boolean[] settled = new boolean[count];
        SortedMap<Integer, String> refused = new TreeMap<>();
        int failurePoint = count;
        String failure = null;
        for (int w = 0; w < waves; w++) {
            List<Integer> sendable = new ArrayList<>();
            for (int i = 0; i < failurePoint; i++) {
                if (wave[i] == w && (previousOfGroup[i] < 0 || settled[previousOfGroup[i]])) {
                    sendable.add(i);
                }
            }
            for (BatchCall.Result batch : send(messages, chunks(messages, sendable))) {
                batch.accepted().forEach(i -> settled[i] = true);
                batch.refused().forEach((i, reason) -> {
                    settled[i] = true;
                    refused.put(i, reason);
                });
                for (int i : batch.pending()) {
                    if (i < failurePoint) {
                        failurePoint = i;
                        failure = batch.failure();
                    }
                }
            }
        }
        return new Outcome(failurePoint, failure, refused.headMap(failurePoint));
    }

    /** Messages of distinct groups, in index order, cut into calls of at most 10 entries and 256 KiB. */
    private static List<List<Integer>> chunks(List<Message> messages, List<Integer> indexes) {
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int bytes = 0;
        for (int i : indexes) {
            int size = messages.get(i).bytes();
            if (!current.isEmpty() && (current.size() == MAX_BATCH_ENTRIES
                    || bytes + size > ChangeEventFormat.MAX_MESSAGE_BYTES)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(i);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** Sends the chunks of one wave, concurrently when there are several. */
    private List<BatchCall.Result> send(List<Message> messages, List<List<Integer>> chunks) {
        if (chunks.size() <= 1 || concurrentCalls == 1) {
            return chunks.stream().map(chunk -> call.send(messages, chunk)).toList();
        }
        List<BatchCall.Result> results = new ArrayList<>();
        try {
            List<Future<BatchCall.Result>> running = new ArrayList<>();
            for (List<Integer> chunk : chunks) {
                running.add(calls.submit(() -> call.send(messages, chunk)));
            }
            for (Future<BatchCall.Result> result : running) {
                results.add(result.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }
}
