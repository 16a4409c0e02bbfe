package io.stateapi.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends change messages to the FIFO queue with {@code SendMessageBatch}, keeping each key's
 * messages in order even when SQS fails some entries of a batch (ADR 0021).
 *
 * <p>A key's next message is sent only once SQS has accepted its previous one: SQS reports
 * failures per entry, and a later message of a key accepted while an earlier one failed would
 * overtake it on the retry. So the messages go out in waves: wave 0 holds the first message
 * of every key in the batch, wave 1 the second, and so on. Within a wave every message has
 * its own group, so the wave's {@code SendMessageBatch} calls (10 entries each) run
 * concurrently, up to a limit; waves run one after the other.
 *
 * <p>Failed entries are retried a few times (the SDK has already retried throttled and
 * timed-out calls). What still fails sets the failure point: the lowest index not accepted.
 * Everything before it is still sent, everything at or after it is left for the retry of the
 * stream records from there on; messages after it that did get through are sent again then
 * and dropped by SQS's de-duplication.
 */
public final class ChangeQueuePublisher implements AutoCloseable {

    /** SQS's limit on entries in one {@code SendMessageBatch}. */
    static final int MAX_BATCH_ENTRIES = 10;
    /**
     * Concurrent {@code SendMessageBatch} calls at most, by default: on AWS the calls wait on the
     * network, not the CPU. (An emulator that serves one request at a time wants fewer.)
     */
    public static final int DEFAULT_CONCURRENT_CALLS = 8;
    static final int MAX_ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

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
     * @param confirmed how many of the messages, from the first, SQS has accepted for sure
     *                  (the failure point); later ones may or may not be on the queue
     * @param failure   why the message at index {@code confirmed} was not accepted, if it was not
     */
    public record Outcome(int confirmed, String failure) {
        public boolean complete() {
            return failure == null;
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final int concurrentCalls;
    /** Platform threads: the SDK's blocking HTTP client and its timeout interrupts are made for them. */
    private final ExecutorService calls;

    public ChangeQueuePublisher(SqsClient sqs, String queueUrl, int concurrentCalls) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
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
        boolean[] accepted = new boolean[count];
        int failurePoint = count;
        String failure = null;
        for (int w = 0; w < waves; w++) {
            List<Integer> sendable = new ArrayList<>();
            for (int i = 0; i < failurePoint; i++) {
                if (wave[i] == w && (previousOfGroup[i] < 0 || accepted[previousOfGroup[i]])) {
                    sendable.add(i);
                }
            }
            for (Batch batch : send(messages, chunks(messages, sendable))) {
                batch.accepted().forEach(i -> accepted[i] = true);
                for (int i : batch.refused()) {
                    if (i < failurePoint) {
                        failurePoint = i;
                        failure = batch.failure();
                    }
                }
            }
        }
        return new Outcome(failurePoint, failure);
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

    /** What one call (with its retries) achieved. */
    private record Batch(List<Integer> accepted, List<Integer> refused, String failure) {
    }

    /** Sends the chunks of one wave, concurrently when there are several. */
    private List<Batch> send(List<Message> messages, List<List<Integer>> chunks) {
        if (chunks.size() <= 1 || concurrentCalls == 1) {
            return chunks.stream().map(chunk -> sendWithRetries(messages, chunk)).toList();
        }
        List<Batch> results = new ArrayList<>();
        try {
            List<Future<Batch>> running = new ArrayList<>();
            for (List<Integer> chunk : chunks) {
                running.add(calls.submit(() -> sendWithRetries(messages, chunk)));
            }
            for (Future<Batch> call : running) {
                results.add(call.get());
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

    /** Sends one call's messages (of distinct groups), retrying refused entries a few times. */
    private Batch sendWithRetries(List<Message> messages, List<Integer> chunk) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        chunk.forEach(i -> pending.put(Integer.toString(i), i));
        String failure = null;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            pending.forEach((id, index) -> {
                Message message = messages.get(index);
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(id)
                        .messageBody(message.body())
                        .messageGroupId(message.groupId())
                        .messageDeduplicationId(message.deduplicationId())
                        .build());
            });
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                failure = "SendMessageBatch failed: " + e.getMessage();
                continue;
            }
            response.successful().forEach(ok -> pending.remove(ok.id()));
            List<BatchResultErrorEntry> failed = response.failed();
            if (!failed.isEmpty()) {
                BatchResultErrorEntry first = failed.getFirst();
                failure = "SQS refused " + failed.size() + " of " + entries.size() + " entries, e.g. "
                        + first.code() + ": " + first.message();
                if (failed.stream().allMatch(BatchResultErrorEntry::senderFault)) {
                    // The request itself is wrong; sending it again cannot help.
                    break;
                }
            }
        }
        List<Integer> accepted = chunk.stream().filter(i -> !pending.containsValue(i)).toList();
        return new Batch(accepted, List.copyOf(pending.values()),
                pending.isEmpty() ? null : failure == null ? "entries not confirmed" : failure);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
