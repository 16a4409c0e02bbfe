package io.stateapi.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends change messages to the FIFO queue with {@code SendMessageBatch}, keeping each key's
 * messages in order even when SQS fails some entries of a batch.
 *
 * <p>A batch never holds two messages of the same message group: SQS reports failures per
 * entry, and a later message of a key must not be accepted while an earlier one failed, or
 * the retry would put them out of order. Failed entries are retried a few times (the SDK
 * has already retried throttled and timed-out calls); what still fails ends the call, and
 * the caller reports the stream records from that message on as failed. Messages after it
 * that did get through are sent again on that retry and dropped by SQS's de-duplication.
 */
public final class ChangeQueuePublisher {

    /** SQS's limit on entries in one {@code SendMessageBatch}. */
    static final int MAX_BATCH_ENTRIES = 10;
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
     * @param confirmed how many of the messages, from the first, SQS has accepted
     * @param failure   why the message at index {@code confirmed} was not accepted, if it was not
     */
    public record Outcome(int confirmed, String failure) {
        public boolean complete() {
            return failure == null;
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;

    public ChangeQueuePublisher(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    public Outcome publish(List<Message> messages) {
        int next = 0;
        while (next < messages.size()) {
            int end = batchEnd(messages, next);
            Outcome batch = sendWithRetries(messages, next, end);
            if (!batch.complete()) {
                return batch;
            }
            next = end;
        }
        return new Outcome(messages.size(), null);
    }

    /** The longest run from {@code start} with distinct message groups that fits one call. */
    private static int batchEnd(List<Message> messages, int start) {
        Set<String> groups = new HashSet<>();
        int bytes = 0;
        int end = start;
        while (end < messages.size() && end - start < MAX_BATCH_ENTRIES) {
            Message message = messages.get(end);
            int size = message.bytes();
            if (groups.contains(message.groupId()) || (end > start && bytes + size > ChangeEventFormat.MAX_MESSAGE_BYTES)) {
                break;
            }
            groups.add(message.groupId());
            bytes += size;
            end++;
        }
        return end;
    }

    /** Sends messages [start, end) of distinct groups; the outcome's index is the first one not accepted. */
    private Outcome sendWithRetries(List<Message> messages, int start, int end) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        for (int i = start; i < end; i++) {
            pending.put(Integer.toString(i), i);
        }
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
        if (pending.isEmpty()) {
            return new Outcome(end, null);
        }
        int firstUnconfirmed = pending.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        return new Outcome(firstUnconfirmed, failure == null ? "entries not confirmed" : failure);
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
