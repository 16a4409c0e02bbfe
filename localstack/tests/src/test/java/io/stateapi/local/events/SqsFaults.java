package io.stateapi.local.events;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Faults injected into the fan-out function's real SQS client with SDK interceptors: the
 * requests reach the emulator as usual, and the interceptors make SQS look like it failed.
 */
final class SqsFaults {

    private SqsFaults() {
    }

    /**
     * Refuses some entries of {@code SendMessageBatch} calls, as SQS does with a per-entry
     * {@code InternalError}. A refused entry never reaches the queue (it is taken out of the
     * request), or, when the refusals are ambiguous, every other one does reach it and only
     * the answer says it failed, which is what an ambiguous failure looks like to a sender.
     * When every entry of a call is refused, the whole call fails with a 500.
     */
    static final class RefusedEntries implements ExecutionInterceptor {

        private static final ExecutionAttribute<Set<String>> REFUSED = new ExecutionAttribute<>("refusedEntries");
        private static final ExecutionAttribute<Boolean> ALL_REFUSED = new ExecutionAttribute<>("allRefused");

        private final Predicate<SendMessageBatchRequestEntry> refuse;
        private final boolean ambiguous;
        private final AtomicInteger refusals = new AtomicInteger();
        private final AtomicBoolean enabled = new AtomicBoolean(true);

        private RefusedEntries(Predicate<SendMessageBatchRequestEntry> refuse, boolean ambiguous) {
            this.refuse = refuse;
            this.ambiguous = ambiguous;
        }

        /** Refuses every {@code n}th entry sent. */
        static RefusedEntries everyNth(int n) {
            AtomicInteger seen = new AtomicInteger();
            return new RefusedEntries(entry -> seen.incrementAndGet() % n == 0, true);
        }

        /** Refuses every entry whose body contains {@code text}, for as long as it is enabled. */
        static RefusedEntries whenBodyContains(String text) {
            return new RefusedEntries(entry -> entry.messageBody().contains(text), false);
        }

        /** Refuses the first {@code times} entries whose body contains {@code text}, then heals. */
        static RefusedEntries whenBodyContains(String text, int times) {
            AtomicInteger left = new AtomicInteger(times);
            return new RefusedEntries(entry -> entry.messageBody().contains(text) && left.getAndDecrement() > 0, false);
        }

        int refusals() {
            return refusals.get();
        }

        void heal() {
            enabled.set(false);
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof SendMessageBatchRequest request) || !enabled.get()) {
                return context.request();
            }
            Set<String> refused = new HashSet<>();
            List<SendMessageBatchRequestEntry> kept = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : request.entries()) {
                if (refuse.test(entry)) {
                    int n = refusals.incrementAndGet();
                    refused.add(entry.id());
                    if (!ambiguous || n % 2 == 1) {
                        continue;
                    }
                }
                kept.add(entry);
            }
            attributes.putAttribute(REFUSED, refused);
            attributes.putAttribute(ALL_REFUSED, kept.isEmpty());
            // SQS rejects an empty batch; an all-refused call is failed whole before it is sent.
            return kept.isEmpty() ? request : request.toBuilder().entries(kept).build();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(ALL_REFUSED))) {
                throw SqsException.builder().statusCode(500).message("injected failure of the whole call").build();
            }
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            Set<String> refused = attributes.getAttribute(REFUSED);
            if (!(context.response() instanceof SendMessageBatchResponse response) || refused == null
                    || refused.isEmpty()) {
                return context.response();
            }
            List<BatchResultErrorEntry> failed = new ArrayList<>(response.failed());
            refused.forEach(id -> failed.add(BatchResultErrorEntry.builder()
                    .id(id).code("InternalError").senderFault(false).message("injected entry failure").build()));
            return response.toBuilder()
                    .successful(response.successful().stream().filter(ok -> !refused.contains(ok.id())).toList())
                    .failed(failed)
                    .build();
        }
    }

    /** Answers some attempts with a throttling error after SQS has taken the messages. */
    static final class Throttling implements ExecutionInterceptor {

        private static final ExecutionAttribute<Boolean> THROTTLED = new ExecutionAttribute<>("throttled");
        private static final byte[] BODY = "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"Rate exceeded\"}"
                .getBytes(StandardCharsets.UTF_8);

        private final int ofEvery;
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger throttled = new AtomicInteger();

        /** Throttles all but every {@code ofEvery}th attempt. */
        Throttling(int ofEvery) {
            this.ofEvery = ofEvery;
        }

        int throttled() {
            return throttled.get();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            boolean throttle = context.request() instanceof SendMessageBatchRequest
                    && attempts.incrementAndGet() % ofEvery != 0;
            attributes.putAttribute(THROTTLED, throttle);
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!Boolean.TRUE.equals(attributes.getAttribute(THROTTLED))) {
                return context.httpResponse();
            }
            throttled.incrementAndGet();
            return context.httpResponse().toBuilder()
                    .statusCode(400)
                    .putHeader("x-amzn-query-error", "ThrottlingException;Sender")
                    .putHeader("Content-Length", Integer.toString(BODY.length))
                    .build();
        }

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                              ExecutionAttributes attributes) {
            if (!Boolean.TRUE.equals(attributes.getAttribute(THROTTLED))) {
                return context.responseBody();
            }
            return Optional.of(new ByteArrayInputStream(BODY));
        }
    }

    /**
     * Refuses the first {@code times} {@code CreateQueue} calls for queues whose name contains
     * {@code name} as SQS does for 60 s after a queue of that name was deleted
     * ({@code QueueDeletedRecently}); the refused calls never reach the emulator.
     */
    static final class QueueDeletedRecently implements ExecutionInterceptor {

        private final String name;
        private final AtomicInteger left;
        private final AtomicInteger refusals = new AtomicInteger();

        QueueDeletedRecently(String name, int times) {
            this.name = name;
            this.left = new AtomicInteger(times);
        }

        int refusals() {
            return refusals.get();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateQueueRequest request && request.queueName().contains(name)
                    && left.getAndDecrement() > 0) {
                refusals.incrementAndGet();
                String message = "You must wait 60 seconds after deleting a queue before you can create another "
                        + "with the same name. (injected)";
                throw QueueDeletedRecentlyException.builder().statusCode(400).message(message)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("QueueDeletedRecently")
                                .serviceName("Sqs").errorMessage(message).build())
                        .build();
            }
        }
    }

    /** Holds some answers past the client's attempt timeout, after SQS has taken the messages. */
    static final class SlowAnswers implements ExecutionInterceptor {

        private final int every;
        private final int times;
        private final Duration delay;
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger executions = new AtomicInteger();
        private final AtomicInteger delayed = new AtomicInteger();

        /** Holds every {@code every}th answer for {@code delay}, {@code times} times in all. */
        SlowAnswers(int every, int times, Duration delay) {
            this.every = every;
            this.times = times;
            this.delay = delay;
        }

        int attempts() {
            return attempts.get();
        }

        int executions() {
            return executions.get();
        }

        int delayed() {
            return Math.min(delayed.get(), times);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageBatchRequest) {
                executions.incrementAndGet();
            }
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof SendMessageBatchRequest) || attempts.incrementAndGet() % every != 0
                    || delayed.incrementAndGet() > times) {
                return;
            }
            try {
                // The SDK interrupts the attempt when its timeout passes.
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
