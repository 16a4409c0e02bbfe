package io.stateapi.local;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Prints each change event as SQS accepts it onto the change queue, for {@code make run}.
 * It watches the fan-out function's client instead of reading the queue, so it takes no
 * message away from the queue's real consumers.
 */
final class PublishedEventsConsole implements ExecutionInterceptor {

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof SendMessageBatchRequest request)
                || !(context.response() instanceof SendMessageBatchResponse response)) {
            return;
        }
        Map<String, String> bodies = new HashMap<>();
        for (SendMessageBatchRequestEntry entry : request.entries()) {
            bodies.put(entry.id(), entry.messageBody());
        }
        for (SendMessageBatchResultEntry accepted : response.successful()) {
            System.out.println("change event (queue sequence " + accepted.sequenceNumber() + "): "
                    + bodies.get(accepted.id()));
        }
    }
}
