package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.events.SqsClients;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.Permissions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * The SQS actions the fan-out really calls on tenants' queues, recorded on its own client while
 * it makes a queue, publishes, loses the queue and makes it again, are exactly
 * {@link Permissions#FAN_OUT_TENANT_QUEUE_ACTIONS}, which the CDK app grants on the tenant queue
 * pattern (ADR 0015, 0024).
 */
class TenantQueuePermissionsTest {

    private LocalStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theFanOutCallsOnTenantQueuesExactlyTheActionsItIsGranted() throws IOException {
        StateApiResources resources = StateApiResources.forEnvironment("events-tenant-iam");
        Actions actions = new Actions(resources);
        stack = LocalStack.start(TestStack.emulator(), resources, 0,
                ChangePipeline.Options.defaults().withFanOutInterceptors(actions), TestStack.issuer());
        stack.expirySweeps().setEnabled(false);
        TenantWrites writes = new TenantWrites(stack.apiEndpoint());

        assertThat(writes.put("kilo", "orders", "k", "1")).isEqualTo(201);
        awaitPipelineCaughtUp();
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of())) {
            sqs.deleteQueue(b -> b.queueUrl(stack.changes().existingQueueOf("kilo").orElseThrow()));
        }
        assertThat(writes.put("kilo", "orders", "k", "2")).isEqualTo(200);
        awaitPipelineCaughtUp();

        assertThat(actions.called).containsExactlyInAnyOrderElementsOf(Permissions.FAN_OUT_TENANT_QUEUE_ACTIONS);
    }

    private void awaitPipelineCaughtUp() {
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> poller.idleRounds() >= mark + 2);
    }

    /** The IAM actions the requests on tenant queues need, as IAM authorizes them. */
    private static final class Actions implements ExecutionInterceptor {

        final Set<String> called = ConcurrentHashMap.newKeySet();
        private final StateApiResources resources;

        Actions(StateApiResources resources) {
            this.resources = resources;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            switch (context.request()) {
                case GetQueueUrlRequest request when onTenantQueue(request.queueName()) -> called.add("sqs:GetQueueUrl");
                case CreateQueueRequest request when onTenantQueue(request.queueName()) -> {
                    called.add("sqs:CreateQueue");
                    if (request.hasTags() && !request.tags().isEmpty()) {
                        called.add("sqs:TagQueue"); // IAM's rule for tags given to CreateQueue
                    }
                }
                // SendMessage authorizes SendMessageBatch
                case SendMessageBatchRequest request when onTenantQueue(request.queueUrl()) -> called.add("sqs:SendMessage");
                default -> { }
            }
        }

        private boolean onTenantQueue(String nameOrUrl) {
            String name = nameOrUrl.substring(nameOrUrl.lastIndexOf('/') + 1);
            return name.startsWith(resources.tenantEventsQueuePrefix()) && name.endsWith(".fifo");
        }
    }
}
