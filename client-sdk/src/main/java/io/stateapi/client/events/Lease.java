package io.stateapi.client.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The messages of one receive that are still ours. Until each is acknowledged or released, its
 * visibility timeout is renewed every third of it, so a slow handler does not let SQS hand its
 * event (or a later one of the same key) to another consumer. Renewal stops for a message as soon
 * as it is acknowledged or released, and altogether once none is left. Renewal, acknowledgement
 * and release are serialised so that a renewal never hides a message just released.
 */
final class Lease {

    private static final System.Logger LOG = System.getLogger(ChangeSubscriber.class.getName());

    private final SqsClient sqs;
    private final String queueUrl;
    private final int visibilitySeconds;
    private final List<Message> held;
    private final ScheduledFuture<?> renewal;

    Lease(SqsClient sqs, String queueUrl, int visibilitySeconds, List<Message> messages, ScheduledExecutorService heartbeat) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibilitySeconds = visibilitySeconds;
        this.held = new ArrayList<>(messages);
        long every = Math.max(1, visibilitySeconds / 3);
        this.renewal = heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.SECONDS);
    }

    private synchronized void renew() {
        if (!held.isEmpty()) {
            changeVisibility(held, visibilitySeconds);
        }
    }

    /** Deletes a handled message. Deleting needs no lock: renewing a deleted message merely fails for that entry. */
    void acknowledge(Message message) {
        forget(List.of(message));
        try {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        } catch (RuntimeException e) {
            // It will be delivered again; the processed-version memory keeps the handler from seeing it twice.
            LOG.log(System.Logger.Level.WARNING, "could not delete change event message " + message.messageId(), e);
        }
    }

    /** Makes messages visible again after {@code delaySeconds}, so they are redelivered (in order). */
    synchronized void release(List<Message> messages, int delaySeconds) {
        List<Message> released = List.copyOf(messages);
        forget(released);
        changeVisibility(released, delaySeconds);
    }

    private synchronized void forget(List<Message> messages) {
        held.removeAll(messages);
        if (held.isEmpty()) {
            renewal.cancel(false);
        }
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
}
