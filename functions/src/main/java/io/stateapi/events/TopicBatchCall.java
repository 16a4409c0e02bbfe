package io.stateapi.events;

import io.stateapi.events.ChangeQueuePublisher.Message;
import io.stateapi.tracing.SpanRole;
import io.stateapi.tracing.TraceSpan;
import io.stateapi.tracing.Traces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

    /** The HTTP header of a call's trace, which SNS passes on to the topic's subscriptions. */
    static final String TRACE_HEADER = "X-Amzn-Trace-Id";

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
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (Map.Entry<Optional<String>, Map<String, Integer>> trace : byTrace(messages, pending).entrySet()) {
                PublishBatchResponse response;
                try {
                    response = publish(topicArn, messages, trace.getValue(), trace.getKey());
                } catch (NotFoundException e) {
                    return new Result(accepted(chunk, pending, refused), refused, List.copyOf(pending.values()),
                            "the topic does not exist (deleted?): " + e.getMessage(), true);
                } catch (SdkException e) {
                    failure = "PublishBatch failed: " + e.getMessage();
                    continue;
                }
                response.successful().forEach(ok -> pending.remove(ok.id()));
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

    /**
     * The pending entries by the trace header of their change, in order. SNS hands a trace on to the
     * subscriptions' queues from the call's {@code X-Amzn-Trace-Id} header, one per call (an entry
     * has no trace attribute of its own), so each trace gets its own call (ADR 0059).
     */
    private static Map<Optional<String>, Map<String, Integer>> byTrace(List<Message> messages, Map<String, Integer> pending) {
        Map<Optional<String>, Map<String, Integer>> byTrace = new LinkedHashMap<>();
        pending.forEach((id, index) -> byTrace.computeIfAbsent(messages.get(index).traceHeader(),
                header -> new LinkedHashMap<>()).put(id, index));
        return byTrace;
    }

    /**
     * One {@code PublishBatch} of one trace's entries: in a span continuing that trace, a child of the
     * request that made the changes, with the header naming it; without a trace, in the fan-out's own.
     */
    private PublishBatchResponse publish(String topicArn, List<Message> messages, Map<String, Integer> entries,
                                         Optional<String> traceHeader) {
        if (traceHeader.isEmpty()) {
            return sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entries(messages, entries)));
        }
        try (TraceSpan span = Traces.current().start("publish change", SpanRole.CONTINUATION, traceHeader)) {
            String header = span.traceHeader().orElseThrow();
            // Set here for when the process does not trace; the SDK instrumentation, when it does,
            // replaces it with one naming the call's own span.
            return sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entries(messages, entries))
                    .overrideConfiguration(o -> o.putHeader(TRACE_HEADER, header)));
        }
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
