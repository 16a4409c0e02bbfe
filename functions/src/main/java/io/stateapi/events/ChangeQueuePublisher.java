package io.stateapi.events;

import io.stateapi.domain.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Sends change messages to their tenants' FIFO queues with {@code SendMessageBatch}, keeping
 * each key's messages in order even when SQS fails some entries of a batch (ADR 0021).
 *
 * <p>Each message goes to its tenant's own queue ({@link TenantQueues}, ADR 0024), and a call
 * carries messages of one queue only. A tenant whose queue cannot be had now (being created,
 * deleted less than a minute ago) fails like an entry SQS did not accept: its first message is
 * the failure point.
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

    /** One message for a tenant's FIFO queue. */
    public record Message(TenantId tenant, String deduplicationId, String groupId, String body) {
        public Message {
            Objects.requireNonNull(tenant, "tenant");
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

    private final BatchSender sender;
    private final TenantQueues queues;
    private final int concurrentCalls;
    /** Platform threads: the SDK's blocking HTTP client and its timeout interrupts are made for them. */
    private final ExecutorService calls;

    public ChangeQueuePublisher(SqsClient sqs, TenantQueues queues, int concurrentCalls) {
        this(new BatchCall(sqs), queues, concurrentCalls);
    }

    ChangeQueuePublisher(BatchSender sender, TenantQueues queues, int concurrentCalls) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.queues = Objects.requireNonNull(queues, "queues");
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
        Routes routes = route(messages);
        String[] queueOf = routes.queueOf();
        int failurePoint = routes.routed();
        String failure = routes.failure();
        for (int w = 0; w < waves; w++) {
            List<Integer> sendable = new ArrayList<>();
            for (int i = 0; i < failurePoint; i++) {
                if (wave[i] == w && (previousOfGroup[i] < 0 || settled[previousOfGroup[i]])) {
                    sendable.add(i);
                }
            }
            for (Call call : send(messages, chunks(messages, queueOf, sendable))) {
                BatchSender.Result batch = call.result();
                if (batch.queueMissing()) {
                    queues.forget(call.queueUrl());
                }
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

    /**
     * Each message's queue, for the first {@code routed} messages: up to the first one whose
     * tenant has no queue for now ({@code failure} says why), which is then the failure point.
     */
    private record Routes(String[] queueOf, int routed, String failure) {
    }

    private Routes route(List<Message> messages) {
        String[] queueOf = new String[messages.size()];
        Map<TenantId, TenantQueues.Destination> destinations = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            TenantId tenant = messages.get(i).tenant();
            switch (destinations.computeIfAbsent(tenant, queues::resolve)) {
                case TenantQueues.Destination.Queue queue -> queueOf[i] = queue.url();
                case TenantQueues.Destination.Unavailable unavailable -> {
                    return new Routes(queueOf, i, "no queue for tenant " + tenant + " for now: " + unavailable.reason());
                }
            }
        }
        return new Routes(queueOf, messages.size(), null);
    }

    /** Messages for one queue, of distinct groups, in index order: one {@code SendMessageBatch}. */
    private record Chunk(String queueUrl, List<Integer> indexes) {
    }

    /** A chunk's call and what it achieved. */
    private record Call(String queueUrl, BatchSender.Result result) {
    }

    /**
     * Messages of distinct groups, in index order, by queue, cut into calls of at most 10 entries
     * and 256 KiB.
     */
    private static List<Chunk> chunks(List<Message> messages, String[] queueOf, List<Integer> indexes) {
        Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
        for (int i : indexes) {
            byQueue.computeIfAbsent(queueOf[i], url -> new ArrayList<>()).add(i);
        }
        List<Chunk> chunks = new ArrayList<>();
        byQueue.forEach((queueUrl, ofQueue) -> {
            List<Integer> current = new ArrayList<>();
            int bytes = 0;
            for (int i : ofQueue) {
                int size = messages.get(i).bytes();
                if (!current.isEmpty() && (current.size() == MAX_BATCH_ENTRIES
                        || bytes + size > ChangeEventFormat.MAX_MESSAGE_BYTES)) {
                    chunks.add(new Chunk(queueUrl, current));
                    current = new ArrayList<>();
                    bytes = 0;
                }
                current.add(i);
                bytes += size;
            }
            chunks.add(new Chunk(queueUrl, current));
        });
        return chunks;
    }

    /** Sends the chunks of one wave, concurrently when there are several. */
    private List<Call> send(List<Message> messages, List<Chunk> chunks) {
        if (chunks.size() <= 1 || concurrentCalls == 1) {
            return chunks.stream().map(chunk -> call(messages, chunk)).toList();
        }
        List<Call> results = new ArrayList<>();
        try {
            List<Future<Call>> running = new ArrayList<>();
            for (Chunk chunk : chunks) {
                running.add(calls.submit(() -> call(messages, chunk)));
            }
            for (Future<Call> result : running) {
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

    private Call call(List<Message> messages, Chunk chunk) {
        return new Call(chunk.queueUrl(), sender.send(chunk.queueUrl(), messages, chunk.indexes()));
    }
}
