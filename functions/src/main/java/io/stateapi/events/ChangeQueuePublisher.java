package io.stateapi.events;

import io.stateapi.domain.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends change messages to their tenants' FIFO queues with {@code SendMessageBatch}, keeping
 * each key's messages in order even when SQS fails some entries of a batch (ADR 0021).
 *
 * <p>Each message goes to its tenant's own queue ({@link TenantQueues}, ADR 0024) or to one of
 * its tenant's two topics ({@link TenantTopics}, {@code PublishBatch}, ADR 0038), and a call
 * carries messages of one queue or topic only. A topic that cannot be had, or a topic entry SNS
 * did not accept, is a failure point like a queue's. A tenant whose queue cannot be had now (being created,
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

    /**
     * Where a message goes: its tenant's queue (the default feed, ADR 0024) or one of its tenant's
     * two topics that the subscriptions' queues are subscribed to (ADR 0038).
     */
    public enum Channel {
        TENANT_QUEUE,
        /** {@link TenantTopics.Kind#WITH_VALUES} */
        CHANGES_TOPIC,
        /** {@link TenantTopics.Kind#KEYS_ONLY} */
        KEYS_TOPIC
    }

    /**
     * One message for one of a tenant's FIFO destinations; {@code attributes} are SNS message
     * attributes (String), what the subscriptions' filter policies match; {@code traceHeader} the
     * X-Ray header of the request that wrote the change, sent to a queue as {@code AWSTraceHeader}, to
     * a topic as the call's {@code X-Amzn-Trace-Id} (ADR 0059).
     */
    public record Message(TenantId tenant, Channel channel, String deduplicationId, String groupId, String body,
                          Map<String, String> attributes, Optional<String> traceHeader) {
        public Message {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(deduplicationId, "deduplicationId");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(traceHeader, "traceHeader");
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        /** A message for the tenant's queue. */
        public Message(TenantId tenant, String deduplicationId, String groupId, String body) {
            this(tenant, Channel.TENANT_QUEUE, deduplicationId, groupId, body, Map.of(), Optional.empty());
        }

        /** The same message with other attributes. */
        Message withAttributes(Map<String, String> others) {
            return new Message(tenant, channel, deduplicationId, groupId, body, others, traceHeader);
        }

        /** What counts against SNS's and SQS's 256 KiB: the body, and each attribute's name, type and value. */
        int bytes() {
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + "String".length()
                        + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
            return bytes;
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

    private final Map<Channel, BatchSender> senders;
    private final TenantQueues queues;
    /** {@code null} when only the tenant queues are published to (tests of the queue path). */
    private final TenantTopics topics;
    private final int concurrentCalls;
    /** Platform threads: the SDK's blocking HTTP client and its timeout interrupts are made for them. */
    private final ExecutorService calls;

    public ChangeQueuePublisher(SqsClient sqs, SnsClient sns, TenantQueues queues, TenantTopics topics,
                                int concurrentCalls) {
        this(new BatchCall(sqs), new TopicBatchCall(sns), queues, topics, concurrentCalls);
    }

    ChangeQueuePublisher(BatchSender sender, TenantQueues queues, int concurrentCalls) {
        this(sender, null, queues, null, concurrentCalls);
    }

    ChangeQueuePublisher(BatchSender queueSender, BatchSender topicSender, TenantQueues queues, TenantTopics topics,
                         int concurrentCalls) {
        this.senders = new EnumMap<>(Channel.class);
        this.senders.put(Channel.TENANT_QUEUE, Objects.requireNonNull(queueSender, "queueSender"));
        if (topics != null) {
            this.senders.put(Channel.CHANGES_TOPIC, Objects.requireNonNull(topicSender, "topicSender"));
            this.senders.put(Channel.KEYS_TOPIC, topicSender);
        }
        this.queues = Objects.requireNonNull(queues, "queues");
        this.topics = topics;
        if (concurrentCalls < 1) {
            throw new IllegalArgumentException("concurrentCalls must be at least 1: " + concurrentCalls);
        }
        this.concurrentCalls = concurrentCalls;
        this.calls = concurrentCalls == 1 ? null : CallThreads.pool(concurrentCalls, "send-message-batch-");
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
            // Order is kept per key and destination: a key's queue and topic messages need not wait for each other.
            Integer previous = lastOfGroup.put(messages.get(i).channel() + "/" + messages.get(i).groupId(), i);
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
                    forget(call.chunk());
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
        Map<String, String> addresses = new HashMap<>();
        Map<String, String> unavailable = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String destination = message.channel() + "/" + message.tenant().value();
            if (!addresses.containsKey(destination) && !unavailable.containsKey(destination)) {
                resolve(message.tenant(), message.channel(), addresses, unavailable, destination);
            }
            if (unavailable.containsKey(destination)) {
                return new Routes(queueOf, i, unavailable.get(destination));
            }
            queueOf[i] = addresses.get(destination);
        }
        return new Routes(queueOf, messages.size(), null);
    }

    private void resolve(TenantId tenant, Channel channel, Map<String, String> addresses,
                         Map<String, String> unavailable, String destination) {
        if (channel == Channel.TENANT_QUEUE) {
            switch (queues.resolve(tenant)) {
                case TenantQueues.Destination.Queue queue -> addresses.put(destination, queue.url());
                case TenantQueues.Destination.Unavailable none -> unavailable.put(destination,
                        "no queue for tenant " + tenant + " for now: " + none.reason());
            }
            return;
        }
        if (topics == null) {
            throw new IllegalStateException("this publisher sends to tenant queues only, not to " + channel);
        }
        TenantTopics.Kind kind = channel == Channel.CHANGES_TOPIC ? TenantTopics.Kind.WITH_VALUES : TenantTopics.Kind.KEYS_ONLY;
        switch (topics.resolve(tenant, kind)) {
            case TenantTopics.Resolution.Topic topic -> addresses.put(destination, topic.arn());
            case TenantTopics.Resolution.Unavailable none -> unavailable.put(destination,
                    "no " + kind + " topic for tenant " + tenant + " for now: " + none.reason());
        }
    }

    private void forget(Chunk chunk) {
        if (chunk.channel() == Channel.TENANT_QUEUE) {
            queues.forget(chunk.queueUrl());
        } else if (topics != null) {
            topics.forget(chunk.queueUrl());
        }
    }

    /**
     * Messages for one queue (or topic: {@code queueUrl} is then its ARN), of distinct groups, in
     * index order: one {@code SendMessageBatch} (or {@code PublishBatch}).
     */
    private record Chunk(Channel channel, String queueUrl, List<Integer> indexes) {
    }

    /** A chunk's call and what it achieved. */
    private record Call(Chunk chunk, BatchSender.Result result) {
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
            Channel channel = messages.get(ofQueue.getFirst()).channel();
            List<Integer> current = new ArrayList<>();
            int bytes = 0;
            for (int i : ofQueue) {
                int size = messages.get(i).bytes();
                if (!current.isEmpty() && (current.size() == MAX_BATCH_ENTRIES
                        || bytes + size > ChangeEventFormat.MAX_MESSAGE_BYTES)) {
                    chunks.add(new Chunk(channel, queueUrl, current));
                    current = new ArrayList<>();
                    bytes = 0;
                }
                current.add(i);
                bytes += size;
            }
            chunks.add(new Chunk(channel, queueUrl, current));
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
        return new Call(chunk, senders.get(chunk.channel()).send(chunk.queueUrl(), messages, chunk.indexes()));
    }
}
