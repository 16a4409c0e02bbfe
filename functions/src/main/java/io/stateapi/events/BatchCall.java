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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * One {@code SendMessageBatch} call of {@link ChangeQueuePublisher} to one tenant's queue, with
 * its retries, and what SQS's answer means for each message: accepted, refused for good, or
 * still pending (the SQS adapter of {@link BatchSender}).
 *
 * <p>Failed entries are retried a few times (the SDK has already retried throttled and
 * timed-out calls). An entry SQS refuses for its body ({@code InvalidMessageContents}, a
 * sender fault) is refused every time, so it is not retried and does not hold up the others;
 * when SQS refuses a whole call for one body without saying which, each entry is sent on its
 * own to find it. Everything else (throttling, internal errors, codes not known here) stays
 * pending, so the caller keeps the retry-from-the-failed-record path that preserves order. A
 * queue that no longer exists leaves every entry pending at once, and says so, so that the
 * caller forgets its URL.
 */
final class BatchCall implements BatchSender {

    static final int MAX_ATTEMPTS = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    /** SQS's error code for a message body holding characters it does not accept. */
    static final String INVALID_MESSAGE_CONTENTS = "InvalidMessageContents";

    private final SqsClient sqs;

    BatchCall(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    @Override
    public Result send(String queueUrl, List<Message> messages, List<Integer> chunk) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        chunk.forEach(i -> pending.put(Integer.toString(i), i));
        Map<Integer, String> refused = new HashMap<>();
        String failure = null;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
            SendMessageBatchResponse response;
            try {
                response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries(messages, pending)));
            } catch (InvalidMessageContentsException e) {
                if (pending.size() > 1) {
                    List<Result> alone = new ArrayList<>();
                    alone.add(new Result(accepted(chunk, pending, refused), refused, List.of(), null, false));
                    pending.values().forEach(i -> alone.add(send(queueUrl, messages, List.of(i))));
                    return Result.merge(alone);
                }
                pending.values().forEach(i -> refused.put(i, "SQS refused the message: "
                        + INVALID_MESSAGE_CONTENTS + ": " + e.getMessage()));
                pending.clear();
                break;
            } catch (QueueDoesNotExistException e) {
                // Sending again cannot help; the publisher forgets the URL, and the retry of the
                // records looks the queue up, or creates it, again.
                return new Result(accepted(chunk, pending, refused), refused, List.copyOf(pending.values()),
                        "the queue does not exist (deleted?): " + e.getMessage(), true);
            } catch (SdkException e) {
                failure = "SendMessageBatch failed: " + e.getMessage();
                continue;
            }
            response.successful().forEach(ok -> pending.remove(ok.id()));
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (BatchResultErrorEntry entry : response.failed()) {
                if (!pending.containsKey(entry.id())) {
                    continue;
                }
                if (refusedForGood(entry)) {
                    refused.put(pending.remove(entry.id()), "SQS refused the message: " + entry.code() + ": "
                            + entry.message());
                } else {
                    failed.add(entry);
                }
            }
            if (!failed.isEmpty()) {
                BatchResultErrorEntry first = failed.getFirst();
                failure = "SQS refused " + failed.size() + " of " + chunk.size() + " entries, e.g. "
                        + first.code() + ": " + first.message();
                if (failed.stream().allMatch(BatchResultErrorEntry::senderFault)) {
                    // The request itself is wrong; sending it again cannot help.
                    break;
                }
            }
        }
        return new Result(accepted(chunk, pending, refused), refused, List.copyOf(pending.values()),
                pending.isEmpty() ? null : failure == null ? "entries not confirmed" : failure, false);
    }

    private static List<SendMessageBatchRequestEntry> entries(List<Message> messages, Map<String, Integer> pending) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        pending.forEach((id, index) -> {
            Message message = messages.get(index);
            SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                    .id(id)
                    .messageBody(message.body())
                    .messageGroupId(message.groupId())
                    .messageDeduplicationId(message.deduplicationId());
            // X-Ray joins the consumers of the message to the trace of the request that made the change.
            message.traceHeader().ifPresent(header -> entry.messageSystemAttributes(Map.of(
                    MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
                    MessageSystemAttributeValue.builder().dataType("String").stringValue(header).build())));
            entries.add(entry.build());
        });
        return entries;
    }

    private static List<Integer> accepted(List<Integer> chunk, Map<String, Integer> pending, Map<Integer, String> refused) {
        return chunk.stream().filter(i -> !pending.containsValue(i) && !refused.containsKey(i)).toList();
    }

    /** Whether SQS refused the entry for its body, which it would refuse every time. */
    private static boolean refusedForGood(BatchResultErrorEntry entry) {
        return Boolean.TRUE.equals(entry.senderFault()) && entry.code() != null
                && entry.code().endsWith(INVALID_MESSAGE_CONTENTS);
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
