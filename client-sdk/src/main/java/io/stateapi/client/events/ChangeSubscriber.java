package io.stateapi.client.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stateapi.client.internal.JsonCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Consumes a tenant's change-event queue (SQS FIFO, {@code state-api-<env>-events-<tenant>.fifo})
 * and hands each event to a {@link ChangeHandler}.
 * The work is split along its concerns: {@link ChangePoller} receives and dispatches per key,
 * {@link GroupHandler} handles one key's events in order, {@link TimedHandler} bounds a handler
 * call, {@link Lease} keeps received messages hidden until they are acknowledged or released.
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
 *   <li><b>No double handling while slow.</b> The visibility timeout of received messages is
 *       renewed while they wait for or run in their handler, so no other consumer gets them
 *       meanwhile.</li>
 *   <li><b>Handler timeout.</b> A handler still running after {@code handlerTimeout} is
 *       interrupted; its event counts as failed ({@code HandlerTimeoutException} to the failure
 *       listener): renewal stops and it comes back after {@code retryDelay}, so an event whose
 *       handler always hangs reaches the dead-letter queue after {@code maxReceiveCount}
 *       deliveries. Other keys are not held up: a key's events wait only for that key. A handler
 *       that ignores the interrupt keeps its thread (abandoned, counted by
 *       {@link #abandonedHandlerCount()}) and may still be running when its event comes back;
 *       while {@code maxAbandonedHandlers} are, the subscriber receives nothing more.</li>
 *   <li><b>Graceful stop.</b> {@link #close()} stops receiving, lets handlers that are running
 *       finish (and be acknowledged), puts back messages received but not started, and returns.
 *       It takes up to the long-poll wait time plus the running handlers' time (each at most
 *       {@code handlerTimeout}); abandoned handlers are not waited for.</li>
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
    private final int waitSeconds;
    private final int maxMessages;
    private final int concurrency;
    private final int visibilitySeconds;
    private final TimedHandler handler;
    private final GroupHandler groups;
    private final Semaphore slots;
    private final Object lifecycle = new Object();

    private volatile boolean stopping;
    private Thread poller;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    private ChangeSubscriber(Builder builder) {
        this.sqs = builder.sqs;
        this.queueUrl = builder.queueUrl;
        this.waitSeconds = (int) builder.waitTime.toSeconds();
        this.maxMessages = builder.maxMessages;
        this.concurrency = builder.concurrency;
        this.visibilitySeconds = (int) builder.visibilityTimeout.toSeconds();
        this.slots = new Semaphore(concurrency);
        this.handler = new TimedHandler(builder.handler, builder.handlerTimeout, builder.maxAbandonedHandlers);
        this.groups = new GroupHandler(new ChangeEventParser(new JsonCodec(builder.objectMapper)), handler,
                new ProcessedVersions(builder.rememberedKeys), builder.failureListener,
                (int) builder.retryDelay.toSeconds(), () -> stopping);
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
                    r -> Thread.ofPlatform().daemon().name("state-changes-key-" + n.incrementAndGet()).unstarted(r));
            heartbeat = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().daemon().name("state-changes-heartbeat").unstarted(r));
            poller = Thread.ofPlatform().daemon().name("state-changes-poller").start(new ChangePoller(sqs, queueUrl,
                    waitSeconds, maxMessages, visibilitySeconds, slots, workers, heartbeat, groups, handler, () -> stopping));
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
        return groups.handledCount();
    }

    /** Handlers that passed their timeout, ignored the interrupt, and still run on abandoned threads. */
    public int abandonedHandlerCount() {
        return handler.abandoned();
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
            // Every slot free again: no group is running any more.
            slots.acquire(concurrency);
            slots.release(concurrency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdown();
            handler.close();
            heartbeat.shutdown();
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
        private Duration handlerTimeout = Duration.ofMinutes(5);
        private int maxAbandonedHandlers = 10;
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

        /**
         * The longest a handler may run on one event (1 ms to 12 h, default 5 min). After it the
         * handler is interrupted and the event released for redelivery, as if it had thrown.
         */
        public Builder handlerTimeout(Duration handlerTimeout) {
            if (handlerTimeout.isNegative() || handlerTimeout.isZero() || handlerTimeout.toSeconds() > 43_200) {
                throw new IllegalArgumentException("handlerTimeout must be more than 0 and at most 12 h; got " + handlerTimeout);
            }
            this.handlerTimeout = handlerTimeout;
            return this;
        }

        /**
         * How many handlers that ignored the interrupt after their timeout may still be running
         * on abandoned threads before the subscriber stops receiving until some return (default 10).
         */
        public Builder maxAbandonedHandlers(int maxAbandonedHandlers) {
            if (maxAbandonedHandlers < 1) {
                throw new IllegalArgumentException("maxAbandonedHandlers must be at least 1");
            }
            this.maxAbandonedHandlers = maxAbandonedHandlers;
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
