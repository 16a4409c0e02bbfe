package io.stateapi.client.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The receive loop. Long-polls the queue, splits each receive into message groups (keys), and
 * hands each group to a worker as soon as one of the {@code concurrency} slots is free. It does not
 * wait for a receive's groups to finish before receiving again, so a slow or hung handler holds up
 * only its own key: SQS FIFO hands out nothing more of a group while one of its messages is in
 * flight, and the other keys go on in the free slots.
 */
final class ChangePoller implements Runnable {

    private static final System.Logger LOG = System.getLogger(ChangeSubscriber.class.getName());
    /** How often a waiting poller looks whether the subscriber is stopping. */
    private static final Duration CHECK = Duration.ofSeconds(1);

    private final SqsClient sqs;
    private final String queueUrl;
    private final int waitSeconds;
    private final int maxMessages;
    private final int visibilitySeconds;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeat;
    private final GroupHandler groups;
    private final TimedHandler handler;
    private final BooleanSupplier stopping;

    ChangePoller(SqsClient sqs, String queueUrl, int waitSeconds, int maxMessages, int visibilitySeconds, Semaphore slots,
                 ExecutorService workers, ScheduledExecutorService heartbeat, GroupHandler groups, TimedHandler handler,
                 BooleanSupplier stopping) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.waitSeconds = waitSeconds;
        this.maxMessages = maxMessages;
        this.visibilitySeconds = visibilitySeconds;
        this.slots = slots;
        this.workers = workers;
        this.heartbeat = heartbeat;
        this.groups = groups;
        this.handler = handler;
        this.stopping = stopping;
    }

    @Override
    public void run() {
        boolean paused = false;
        try {
            while (!stopping.getAsBoolean()) {
                if (!handler.awaitRoom(CHECK)) {
                    if (!paused) {
                        LOG.log(System.Logger.Level.ERROR, "receiving change events paused: " + handler.abandoned()
                                + " handlers ignored their interrupt after the handler timeout and still run");
                        paused = true;
                    }
                    continue;
                }
                paused = false;
                if (!slots.tryAcquire(CHECK.toNanos(), TimeUnit.NANOSECONDS)) {
                    continue;
                }
                List<Message> messages = receive();
                if (messages.isEmpty()) {
                    slots.release();
                } else {
                    dispatch(messages);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Message> receive() throws InterruptedException {
        try {
            return sqs.receiveMessage(r -> r
                    .queueUrl(queueUrl)
                    .maxNumberOfMessages(maxMessages)
                    .waitTimeSeconds(waitSeconds)
                    .visibilityTimeout(visibilitySeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
        } catch (RuntimeException e) {
            if (!stopping.getAsBoolean()) {
                LOG.log(System.Logger.Level.WARNING, "receiving change events failed; retrying in 1 s", e);
                Thread.sleep(1_000);
            }
            return List.of();
        }
    }

    /** Starts each group in a slot of its own; called holding one slot, which the first group takes. */
    private void dispatch(List<Message> messages) throws InterruptedException {
        Lease lease = new Lease(sqs, queueUrl, visibilitySeconds, messages, heartbeat);
        List<List<Message>> byKey = groupsOf(messages);
        boolean haveSlot = true;
        for (int g = 0; g < byKey.size(); g++) {
            try {
                while (!haveSlot && !stopping.getAsBoolean()) {
                    haveSlot = slots.tryAcquire(CHECK.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                putBack(lease, byKey.subList(g, byKey.size()));
                throw e;
            }
            if (stopping.getAsBoolean()) {
                // Received but not started: back to the queue at once.
                putBack(lease, byKey.subList(g, byKey.size()));
                if (haveSlot) {
                    slots.release();
                }
                return;
            }
            List<Message> group = byKey.get(g);
            workers.execute(() -> {
                try {
                    groups.handle(group, lease);
                } finally {
                    slots.release();
                }
            });
            haveSlot = false;
        }
    }

    private static void putBack(Lease lease, List<List<Message>> notStarted) {
        lease.release(notStarted.stream().flatMap(List::stream).toList(), 0);
    }

    private static List<List<Message>> groupsOf(List<Message> messages) {
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        for (Message message : messages) {
            String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            groups.computeIfAbsent(group == null ? message.messageId() : group, g -> new ArrayList<>()).add(message);
        }
        return List.copyOf(groups.values());
    }
}
