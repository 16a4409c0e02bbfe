package io.stateapi.local.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The fan-out's {@code SendMessageBatch} calls as its SQS client sees them (an SDK interceptor):
 * attempts, successful calls, their total time and the messages they delivered.
 */
final class SendCounter implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("benchSendStarted");

    final AtomicLong attempts = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();
    final AtomicLong messages = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendMessageBatchRequest) {
            attempts.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof SendMessageBatchResponse response) {
            messages.addAndGet(response.successful().size());
            calls.incrementAndGet();
            nanos.addAndGet(System.nanoTime() - attributes.getAttribute(STARTED));
        }
    }
}
