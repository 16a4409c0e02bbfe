package io.stateapi.client.events;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Handles the messages of one message group (one key) of a receive, strictly in order: reads
 * each event, drops replays, calls the handler within its timeout, and acknowledges it. When an
 * event cannot be read, its handler fails or times out, that event and every later one of the
 * group go back to the queue, in order, so no later event of the key overtakes it.
 */
final class GroupHandler {

    private final ChangeEventParser parser;
    private final TimedHandler handler;
    private final ProcessedVersions processed;
    private final ChangeSubscriber.FailureListener failureListener;
    private final int retryDelaySeconds;
    private final BooleanSupplier stopping;
    private final AtomicInteger handled = new AtomicInteger();

    GroupHandler(ChangeEventParser parser, TimedHandler handler, ProcessedVersions processed,
                 ChangeSubscriber.FailureListener failureListener, int retryDelaySeconds, BooleanSupplier stopping) {
        this.parser = parser;
        this.handler = handler;
        this.processed = processed;
        this.failureListener = failureListener;
        this.retryDelaySeconds = retryDelaySeconds;
        this.stopping = stopping;
    }

    /** Events handled successfully so far (replays not counted). */
    int handledCount() {
        return handled.get();
    }

    void handle(List<Message> group, Lease lease) {
        for (int i = 0; i < group.size(); i++) {
            Message message = group.get(i);
            List<Message> rest = group.subList(i, group.size());
            if (stopping.getAsBoolean()) {
                lease.release(rest, 0);
                return;
            }
            ChangeEvent event;
            try {
                event = parser.parse(message.body());
            } catch (Exception unreadable) {
                report(message, null, unreadable);
                lease.release(rest, retryDelaySeconds);
                return;
            }
            if (processed.alreadyHandled(event)) {
                lease.acknowledge(message);
                continue;
            }
            TimedHandler.Outcome outcome;
            try {
                outcome = handler.handle(event);
            } catch (InterruptedException e) {
                lease.release(rest, 0);
                Thread.currentThread().interrupt();
                return;
            }
            switch (outcome) {
                case TimedHandler.Outcome.Handled ok -> {
                    processed.handled(event);
                    handled.incrementAndGet();
                    lease.acknowledge(message);
                }
                case TimedHandler.Outcome.Failed failed -> {
                    report(message, event, failed.error());
                    lease.release(rest, retryDelaySeconds);
                    if (failed.error() instanceof Error error && !(error instanceof AssertionError)) {
                        throw error;
                    }
                    return;
                }
                case TimedHandler.Outcome.TimedOut late -> {
                    // No more renewal: the event becomes visible again and counts one more receive,
                    // so a handler that always hangs sends it to the dead-letter queue in the end.
                    report(message, event, late.error());
                    lease.release(rest, retryDelaySeconds);
                    return;
                }
            }
        }
    }

    private void report(Message message, ChangeEvent event, Throwable error) {
        try {
            failureListener.onFailure(message.messageId(), event, error);
        } catch (RuntimeException listenerFailure) {
            System.getLogger(ChangeSubscriber.class.getName())
                    .log(System.Logger.Level.ERROR, "change event failure listener threw", listenerFailure);
        }
    }
}
