package io.stateapi.events;

import io.stateapi.events.ChangeQueuePublisher.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * One {@code PublishBatch} call of {@link ChangeQueuePublisher} to one of a tenant's topics, with
 * its retries (the SNS adapter of {@link BatchSender}, ADR 0038). The same rules as
 * {@link BatchCall}: failed entries are retried a few times (the SDK has already retried
 * throttled and timed-out calls) and then stay pending, which makes them the batch's failure
 * point; SNS and the subscription queues de-duplicate the resend by its
 * {@code MessageDeduplicationId}. An entry SNS refuses as an invalid parameter (a sender fault)
 * is refused every time, so it is refused for good (the record goes to the stream DLQ, ADR 0023)
 * instead of holding the shard. A topic that no longer exists leaves every entry pending and
 * says so, so that the publisher forgets its ARN and the retry creates the topic again.
 */
final class TopicBatchCall implements BatchSender {

    private final SnsClient sns;

    TopicBatchCall(SnsClient sns) {
        this.sns = Objects.requireNonNull(sns, "sns");
    }

    @Override
    public Result send(String topicArn, List<Message> messages, List<Integer> chunk) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        chunk.forEach(i -> pending.put(Integer.toString(i), i));
        Map<Integer, String> refused = new HashMap<>();
        String failure = null;
        Duration backoff = BatchCall.FIRST_BACKOFF;
        for (int attempt = 1; attempt <= BatchCall.MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
            PublishBatchResponse response;
            try {
                response = sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entries(messages, pending)));
            } catch (NotFoundException e) {
                return new Result(accepted(chunk, pending, refused), refused, List.copyOf(pending.values()),
                        "the topic does not exist (deleted?): " + e.getMessage(), true);
            } catch (SdkException e) {
                failure = "PublishBatch failed: " + e.getMessage();
                continue;
            }
            response.successful().forEach(ok -> pending.remove(ok.id()));
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (BatchResultErrorEntry entry : response.failed()) {
                if (!pending.containsKey(entry.id())) {
                    continue;
                }
                if (refusedForGood(entry)) {
                    refused.put(pending.remove(entry.id()), "SNS refused the message: " + entry.code() + ": "
                            + entry.message());
                } else {
                    failed.add(entry);
                }
            }
            if (!failed.isEmpty()) {
                BatchResultErrorEntry first = failed.getFirst();
                failure = "SNS refused " + failed.size() + " of " + chunk.size() + " entries, e.g. "
                        + first.code() + ": " + first.message();
            }
        }
        return new Result(accepted(chunk, pending, refused), refused, List.copyOf(pending.values()),
                pending.isEmpty() ? null : failure == null ? "entries not confirmed" : failure, false);
    }

    private static List<PublishBatchRequestEntry> entries(List<Message> messages, Map<String, Integer> pending) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        pending.forEach((id, index) -> {
            Message message = messages.get(index);
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            message.attributes().forEach((name, value) ->
                    attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
            entries.add(PublishBatchRequestEntry.builder()
                    .id(id)
                    .message(message.body())
                    .messageGroupId(message.groupId())
                    .messageDeduplicationId(message.deduplicationId())
                    .messageAttributes(attributes)
                    .build());
        });
        return entries;
    }

    private static List<Integer> accepted(List<Integer> chunk, Map<String, Integer> pending, Map<Integer, String> refused) {
        return chunk.stream().filter(i -> !pending.containsValue(i) && !refused.containsKey(i)).toList();
    }

    /** Whether SNS refused the entry for what it is, which it would refuse every time. */
    private static boolean refusedForGood(BatchResultErrorEntry entry) {
        return Boolean.TRUE.equals(entry.senderFault()) && entry.code() != null
                && entry.code().startsWith("InvalidParameter");
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
