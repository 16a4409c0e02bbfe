package io.stateapi.local.subscriptions;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Faults injected into the fan-out function's real SNS client with SDK interceptors (like
 * {@code SqsFaults} for SQS): the requests reach the emulator as usual, and SNS looks as if it failed.
 */
final class SnsFaults {

    private SnsFaults() {
    }

    /**
     * Refuses every {@code n}th entry of {@code PublishBatch} calls with a per-entry
     * {@code InternalError}. Every other refused entry never reaches the topic; the rest do reach
     * it and only the answer says they failed (an ambiguous failure: the resend is a duplicate that
     * de-duplication must drop). When every entry of a call is refused, the whole call fails with a 500.
     */
    static final class RefusedEntries implements ExecutionInterceptor {

        private static final ExecutionAttribute<Set<String>> REFUSED = new ExecutionAttribute<>("refusedTopicEntries");
        private static final ExecutionAttribute<Boolean> ALL_REFUSED = new ExecutionAttribute<>("allTopicEntriesRefused");

        private final int n;
        private final AtomicInteger seen = new AtomicInteger();
        private final AtomicInteger refusals = new AtomicInteger();

        RefusedEntries(int n) {
            this.n = n;
        }

        int refusals() {
            return refusals.get();
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof PublishBatchRequest request)) {
                return context.request();
            }
            Set<String> refused = new HashSet<>();
            List<PublishBatchRequestEntry> kept = new ArrayList<>();
            for (PublishBatchRequestEntry entry : request.publishBatchRequestEntries()) {
                if (seen.incrementAndGet() % n == 0) {
                    int count = refusals.incrementAndGet();
                    refused.add(entry.id());
                    if (count % 2 == 1) {
                        continue;
                    }
                }
                kept.add(entry);
            }
            attributes.putAttribute(REFUSED, refused);
            attributes.putAttribute(ALL_REFUSED, kept.isEmpty());
            return kept.isEmpty() ? request : request.toBuilder().publishBatchRequestEntries(kept).build();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(ALL_REFUSED))) {
                throw SnsException.builder().statusCode(500).message("injected failure of the whole call").build();
            }
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            Set<String> refused = attributes.getAttribute(REFUSED);
            if (!(context.response() instanceof PublishBatchResponse response) || refused == null || refused.isEmpty()) {
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

    /**
     * Answers all but every {@code ofEvery}th {@code PublishBatch} attempt with SNS's throttling
     * error, after the emulator has published the messages: the SDK's retry sends them again.
     */
    static final class Throttling implements ExecutionInterceptor {

        private static final ExecutionAttribute<Boolean> THROTTLED = new ExecutionAttribute<>("topicThrottled");
        private static final byte[] BODY = ("<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
                + "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
                + "<RequestId>injected</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);

        private final int ofEvery;
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger throttled = new AtomicInteger();

        Throttling(int ofEvery) {
            this.ofEvery = ofEvery;
        }

        int throttled() {
            return throttled.get();
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            attributes.putAttribute(THROTTLED, context.request() instanceof PublishBatchRequest
                    && attempts.incrementAndGet() % ofEvery != 0);
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!Boolean.TRUE.equals(attributes.getAttribute(THROTTLED))) {
                return context.httpResponse();
            }
            throttled.incrementAndGet();
            return context.httpResponse().toBuilder()
                    .statusCode(400)
                    .putHeader("Content-Type", "text/xml")
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
}
