package io.stateapi.local.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Refuses messages as SQS refuses a body it will never accept ({@code InvalidMessageContents},
 * a sender fault): per entry of a {@code SendMessageBatch}, or, as a single call can also be
 * refused, by failing the whole call when any of its entries is to be refused. A refused
 * entry never reaches the queue.
 */
final class InvalidContents implements ExecutionInterceptor {

    /** How SQS reports the refusal. */
    enum Reported { PER_ENTRY, WHOLE_CALL }

    private static final ExecutionAttribute<Set<String>> REFUSED = new ExecutionAttribute<>("invalidEntries");

    private final Predicate<String> invalid;
    private final Reported reported;
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicBoolean enabled = new AtomicBoolean(true);

    private InvalidContents(Predicate<String> invalid, Reported reported) {
        this.invalid = invalid;
        this.reported = reported;
    }

    static InvalidContents whenBodyContains(String text, Reported reported) {
        return new InvalidContents(body -> body.contains(text), reported);
    }

    /**
     * SQS's own rule, which moto does not apply: a body may hold only #x9, #xA, #xD,
     * #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF.
     */
    static InvalidContents sqsCharacterRule() {
        return new InvalidContents(body -> !body.codePoints().allMatch(InvalidContents::allowedBySqs),
                Reported.PER_ENTRY);
    }

    private static boolean allowedBySqs(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
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
            if (invalid.test(entry.messageBody())) {
                refusals.incrementAndGet();
                refused.add(entry.id());
            } else {
                kept.add(entry);
            }
        }
        attributes.putAttribute(REFUSED, refused);
        boolean wholeCall = !refused.isEmpty() && (reported == Reported.WHOLE_CALL || kept.isEmpty());
        return wholeCall ? request : request.toBuilder().entries(kept).build();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Set<String> refused = attributes.getAttribute(REFUSED);
        if (refused == null || refused.isEmpty() || !(context.request() instanceof SendMessageBatchRequest request)) {
            return;
        }
        if (reported == Reported.WHOLE_CALL || refused.size() == request.entries().size()) {
            throw InvalidMessageContentsException.builder().statusCode(400)
                    .message("Invalid characters found (injected)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidMessageContents").serviceName("Sqs")
                            .errorMessage("Invalid characters found (injected)").build())
                    .build();
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
        refused.forEach(id -> failed.add(BatchResultErrorEntry.builder().id(id).code("InvalidMessageContents")
                .senderFault(true).message("Invalid characters found (injected)").build()));
        return response.toBuilder().failed(failed).build();
    }
}
