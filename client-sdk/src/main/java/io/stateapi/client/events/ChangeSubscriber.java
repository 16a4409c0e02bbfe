package io.stateapi.client.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stateapi.client.internal.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Consumes the change-event queue (SQS FIFO) and hands each event to a {@link ChangeHandler}.
 *
 * <pre>{@code
 * try (ChangeSubscriber subscriber = ChangeSubscriber.builder()
 *         .sqsClient(sqs)
 *         .queueUrl(changesQueueUrl)
 *         .handler(event -> index.apply(event))
 *         .build()
 *         .start()) {
 *     ...
 * }   // close() stops gracefully
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>Acknowledge after success.</b> A message is deleted only after its handler returned.
 *       A handler that throws leaves its message on the queue; it comes back after
 *       {@code retryDelay}, and after the queue's {@code maxReceiveCount} deliveries SQS moves
 *       it to the dead-letter queue. Nothing is lost.</li>
 *   <li><b>Per-key order.</b> The queue orders events per key (message group). Events of one
 *       group are handled one after another in that order; after a failure, the rest of that
 *       group's batch is put back too, so no later event of the key overtakes the failed one.
 *       Different keys are handled in parallel, up to {@code concurrency}.</li>
 *   <li><b>No replays.</b> An event this subscriber has already handled for the key, or one
 *       older than it (a redelivery, or a duplicate sent later than SQS's 5-minute
 *       de-duplication window), is acknowledged without calling the handler. Age is the version,
 *       and at one version an {@code expired} follows the write it expires; a key created again
 *       while DynamoDB's TTL sweeper removed it starts over at version 1, which is recognised as
 *       a new incarnation, not a replay. This memory is per subscriber instance and bounded;
 *       across restarts delivery is at least once.</li>
 *   <li><b>No double handling while slow.</b> The visibility timeout of a batch's messages is
 *       renewed while its handlers run, so no other consumer gets them meanwhile.</li>
 *   <li><b>Graceful stop.</b> {@link #close()} stops receiving, lets handlers that are running
 *       finish (and be acknowledged), puts back messages received but not started, and returns.
 *       It takes up to the long-poll wait time plus the running handlers' time.</li>
 * </ul>
 * Messages that are not change events (unparseable) are reported to the failure listener and
 * left to go to the dead-letter queue.
 */
public final class ChangeSubscriber implements AutoCloseable {

    /** Told about every handler failure and unreadable message; must not throw. */
    @FunctionalInterface
    public interface FailureListener {
        /**
         * @param messageId the SQS message id
         * @param event     the event, or {@code null} when the message could not be read
         * @param error     what the handler threw, or why the message could not be read
         */
        void onFailure(String messageId, ChangeEvent event, Throwable error);
    }

    private static final System.Logger LOG = System.getLogger(ChangeSubscriber.class.getName());

    private final SqsClient sqs;
    private final String queueUrl;
    private final ChangeHandler handler;
    private final FailureListener failureListener;
    private final ChangeEventParser parser;
    private final int waitSeconds;
    private final int maxMessages;
    private final int concurrency;
    private final int retryDelaySeconds;
    private final int visibilitySeconds;
    private final ProcessedVersions processed;
    private final Object lifecycle = new Object();
    private final AtomicInteger handled = new AtomicInteger();

    private volatile boolean stopping;
    private Thread poller;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    private ChangeSubscriber(Builder builder) {
        this.sqs = builder.sqs;
        this.queueUrl = builder.queueUrl;
        this.handler = builder.handler;
        this.failureListener = builder.failureListener;
        this.parser = new ChangeEventParser(new JsonCodec(builder.objectMapper));
        this.waitSeconds = (int) builder.waitTime.toSeconds();
        this.maxMessages = builder.maxMessages;
        this.concurrency = builder.concurrency;
        this.retryDelaySeconds = (int) builder.retryDelay.toSeconds();
        this.visibilitySeconds = (int) builder.visibilityTimeout.toSeconds();
        this.processed = new ProcessedVersions(builder.rememberedKeys);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts polling on a background thread; returns this subscriber. */
    public ChangeSubscriber start() {
        synchronized (lifecycle) {
            if (poller != null) {
                throw new IllegalStateException("already started");
            }
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(concurrency,
                    r -> Thread.ofPlatform().daemon().name("state-changes-handler-" + n.incrementAndGet()).unstarted(r));
            heartbeat = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().daemon().name("state-changes-heartbeat").unstarted(r));
            poller = Thread.ofPlatform().daemon().name("state-changes-poller").start(this::pollLoop);
        }
        return this;
    }

    public boolean isRunning() {
        synchronized (lifecycle) {
            return poller != null && poller.isAlive();
        }
    }

    /** Events handled successfully so far (duplicates not counted). */
    public int handledCount() {
        return handled.get();
    }

    /** Stops gracefully: see the class comment. Safe to call more than once. */
    @Override
    public void close() {
        Thread thread;
        synchronized (lifecycle) {
            stopping = true;
            thread = poller;
        }
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdown();
            heartbeat.shutdown();
        }
    }

    private void pollLoop() {
        while (!stopping) {
            List<Message> messages;
            try {
                ReceiveMessageResponse response = sqs.receiveMessage(r -> r
                        .queueUrl(queueUrl)
                        .maxNumberOfMessages(maxMessages)
                        .waitTimeSeconds(waitSeconds)
                        .visibilityTimeout(visibilitySeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID));
                messages = response.messages();
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "receiving change events failed; retrying in 1 s", e);
                pause(1_000);
                continue;
            }
            if (messages.isEmpty()) {
                continue;
            }
            if (stopping) {
                release(messages, 0);
                return;
            }
            handleBatch(messages);
        }
    }

    private void handleBatch(List<Message> messages) {
        Lease lease = new Lease(messages);
        long every = Math.max(1, visibilitySeconds / 3);
        ScheduledFuture<?> renewal = heartbeat.scheduleAtFixedRate(lease::renew, every, every, TimeUnit.SECONDS);
        try {
            handleGroups(messages, lease);
        } finally {
            renewal.cancel(false);
        }
    }

    private void handleGroups(List<Message> messages, Lease lease) {
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        for (Message message : messages) {
            String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            groups.computeIfAbsent(group == null ? message.messageId() : group, g -> new ArrayList<>()).add(message);
        }
        List<Future<?>> running = new ArrayList<>();
        for (List<Message> group : groups.values()) {
            running.add(workers.submit(() -> handleGroup(group, lease)));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "change event group processing failed", e);
            }
        }
    }

    /** One message group (one key) of a batch, strictly in order. */
    private void handleGroup(List<Message> group, Lease lease) {
        for (int i = 0; i < group.size(); i++) {
            Message message = group.get(i);
            if (stopping) {
                lease.release(group.subList(i, group.size()), 0);
                return;
            }
            ChangeEvent event;
            try {
                event = parser.parse(message.body());
            } catch (Exception unreadable) {
                report(message, null, unreadable);
                lease.release(group.subList(i, group.size()), retryDelaySeconds);
                return;
            }
            if (processed.alreadyHandled(event)) {
                lease.acknowledge(message);
                continue;
            }
            try {
                handler.handle(event);
            } catch (Exception | Error failure) {
                report(message, event, failure);
                // The failed event and everything after it in its group go back, in order.
                lease.release(group.subList(i, group.size()), retryDelaySeconds);
                if (failure instanceof Error error && !(failure instanceof AssertionError)) {
                    throw error;
                }
                return;
            }
            processed.handled(event);
            handled.incrementAndGet();
            lease.acknowledge(message);
        }
    }

    /**
     * The messages of one batch that are still ours. While a handler runs, their visibility
     * timeout is renewed every third of it, so a slow handler does not let SQS hand its event
     * (or a later one of the same key) to another consumer. Renewal, acknowledgement and release
     * are serialised so that a renewal never hides a message just released.
     */
    private final class Lease {
        private final List<Message> held;

        Lease(List<Message> messages) {
            this.held = new ArrayList<>(messages);
        }

        synchronized void renew() {
            if (!held.isEmpty()) {
                changeVisibility(held, visibilitySeconds);
            }
        }

        /** Deleting needs no lock: renewing a deleted message merely fails for that entry. */
        void acknowledge(Message message) {
            synchronized (this) {
                held.remove(message);
            }
            ChangeSubscriber.this.acknowledge(message);
        }

        synchronized void release(List<Message> messages, int delaySeconds) {
            List<Message> released = List.copyOf(messages);
            held.removeAll(released);
            changeVisibility(released, delaySeconds);
        }
    }

    private void acknowledge(Message message) {
        try {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        } catch (RuntimeException e) {
            // It will be delivered again; the processed-version memory keeps the handler from seeing it twice.
            LOG.log(System.Logger.Level.WARNING, "could not delete change event message " + message.messageId(), e);
        }
    }

    /** Makes messages visible again after {@code delaySeconds}, so they are redelivered (in order). */
    private void release(List<Message> messages, int delaySeconds) {
        changeVisibility(messages, delaySeconds);
    }

    private void changeVisibility(List<Message> messages, int delaySeconds) {
        if (messages.isEmpty()) {
            return;
        }
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle())
                    .visibilityTimeout(delaySeconds)
                    .build());
        }
        try {
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
        } catch (RuntimeException e) {
            // They come back anyway when their visibility timeout runs out.
            LOG.log(System.Logger.Level.WARNING, "could not change the visibility of change event messages", e);
        }
    }

    private void report(Message message, ChangeEvent event, Throwable error) {
        try {
            failureListener.onFailure(message.messageId(), event, error);
        } catch (RuntimeException listenerFailure) {
            LOG.log(System.Logger.Level.ERROR, "change event failure listener threw", listenerFailure);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private SqsClient sqs;
        private String queueUrl;
        private ChangeHandler handler;
        private FailureListener failureListener = (id, event, error) -> LOG.log(System.Logger.Level.WARNING,
                "change event " + (event != null ? event : "message " + id) + " failed; it will be delivered again", error);
        private ObjectMapper objectMapper;
        private Duration waitTime = Duration.ofSeconds(20);
        private int maxMessages = 10;
        private int concurrency = 4;
        private Duration retryDelay = Duration.ofSeconds(5);
        private Duration visibilityTimeout = Duration.ofSeconds(60);
        private int rememberedKeys = 100_000;

        private Builder() {
        }

        /** The SQS client to receive with; the subscriber does not close it. */
        public Builder sqsClient(SqsClient sqs) {
            this.sqs = Objects.requireNonNull(sqs, "sqs");
            return this;
        }

        /** The change queue's URL (a {@code .fifo} queue). */
        public Builder queueUrl(String queueUrl) {
            this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
            return this;
        }

        public Builder handler(ChangeHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public Builder failureListener(FailureListener failureListener) {
            this.failureListener = Objects.requireNonNull(failureListener, "failureListener");
            return this;
        }

        /** The mapper for {@link ChangeEvent#value(Class)}; the default is the client's exact one. */
        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /** Long-poll wait per receive, 1 to 20 s (default 20 s); also the longest a {@code close()} waits for it. */
        public Builder waitTime(Duration waitTime) {
            long seconds = waitTime.toSeconds();
            if (seconds < 1 || seconds > 20) {
                throw new IllegalArgumentException("waitTime must be 1 to 20 s; got " + waitTime);
            }
            this.waitTime = waitTime;
            return this;
        }

        /** Messages per receive, 1 to 10 (default 10). */
        public Builder maxMessages(int maxMessages) {
            if (maxMessages < 1 || maxMessages > 10) {
                throw new IllegalArgumentException("maxMessages must be 1 to 10; got " + maxMessages);
            }
            this.maxMessages = maxMessages;
            return this;
        }

        /** Keys handled in parallel (default 4); events of one key are always handled one at a time. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
            this.concurrency = concurrency;
            return this;
        }

        /** How long a failed event waits before it is delivered again (0 to 12 h, default 5 s). */
        public Builder retryDelay(Duration retryDelay) {
            if (retryDelay.isNegative() || retryDelay.toSeconds() > 43_200) {
                throw new IllegalArgumentException("retryDelay must be 0 to 12 h; got " + retryDelay);
            }
            this.retryDelay = retryDelay;
            return this;
        }

        /**
         * How long received messages stay hidden from other consumers (3 s to 12 h, default 60 s,
         * the change queue's own setting). While handlers run it is renewed every third of it.
         */
        public Builder visibilityTimeout(Duration visibilityTimeout) {
            long seconds = visibilityTimeout.toSeconds();
            if (seconds < 3 || seconds > 43_200) {
                throw new IllegalArgumentException("visibilityTimeout must be 3 s to 12 h; got " + visibilityTimeout);
            }
            this.visibilityTimeout = visibilityTimeout;
            return this;
        }

        /** Keys whose last handled version is remembered to drop replays (default 100 000). */
        public Builder rememberedKeys(int rememberedKeys) {
            if (rememberedKeys < 1) {
                throw new IllegalArgumentException("rememberedKeys must be at least 1");
            }
            this.rememberedKeys = rememberedKeys;
            return this;
        }

        public ChangeSubscriber build() {
            Objects.requireNonNull(sqs, "sqsClient is required");
            Objects.requireNonNull(queueUrl, "queueUrl is required");
            Objects.requireNonNull(handler, "handler is required");
            return new ChangeSubscriber(this);
        }
    }
}
