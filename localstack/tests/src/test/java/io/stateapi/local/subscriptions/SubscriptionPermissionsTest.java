package io.stateapi.local.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.aws.AwsClients;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.subscriptions.SubscriptionIds;
import io.stateapi.domain.subscriptions.SubscriptionRequest;
import io.stateapi.domain.subscriptions.SubscriptionService;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbSubscriptionCatalog;
import io.stateapi.events.SnsClients;
import io.stateapi.events.SnsTopicDirectory;
import io.stateapi.events.SqsClients;
import io.stateapi.events.TenantTopics;
import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.Permissions;
import io.stateapi.resources.StateApiResources;
import io.stateapi.subscriptions.AwsSubscriptionChannels;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;

/**
 * The actions the fan-out and the subscription adapter really call, recorded on their own clients,
 * are exactly those {@link Permissions} lists and the CDK app grants (ADR 0038), as
 * {@code TenantQueuePermissionsTest} does for the tenant queues.
 */
class SubscriptionPermissionsTest {

    @Test
    void theFanOutCallsOnTenantTopicsExactlyTheActionsItIsGranted() throws IOException {
        StateApiResources resources = StateApiResources.forEnvironment("subs-iam");
        Actions actions = new Actions(resources);
        try (LocalStack stack = LocalStack.start(TestStack.emulator(), resources, 0,
                ChangePipeline.Options.defaults().withFanOutInterceptors(actions), TestStack.issuer())) {
            stack.expirySweeps().setEnabled(false);
            SubscriptionsApi api = new SubscriptionsApi(stack.apiEndpoint(), "iam-topics");
            assertThat(api.put("orders", "k", "1").statusCode()).isEqualTo(201);
            StreamPoller poller = stack.changes().poller();
            long mark = poller.idleRounds();
            await().atMost(Duration.ofSeconds(60)).until(() -> poller.idleRounds() >= mark + 2);
        }

        assertThat(actions.onTopics).containsExactlyInAnyOrderElementsOf(Permissions.FAN_OUT_TENANT_TOPIC_ACTIONS);
    }

    @Test
    void theApiFunctionsSubscriptionCallsAreExactlyTheActionsItIsGranted() {
        TestStack stack = TestStack.shared();
        StateApiResources resources = TestStack.RESOURCES;
        String tenant = "iam-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        new SubscriptionsApi(stack.api(), tenant).createNamespace("shop");
        Actions actions = new Actions(resources);
        List<ExecutionInterceptor> recording = List.of(actions);
        try (SqsClient sqs = SqsClients.create(TestStack.emulator().endpoint(), recording);
             SnsClient sns = SnsClients.create(TestStack.emulator().endpoint(), recording);
             CloudWatchClient cloudWatch = AwsClients.build(CloudWatchClient.builder(), TestStack.emulator().endpoint(),
                     recording, SqsClients.ATTEMPT_TIMEOUT, SqsClients.CALL_TIMEOUT)) {
            SubscriptionService service = new SubscriptionService(
                    new DynamoDbSubscriptionCatalog(stack.dynamoDb(), resources.catalogTableName()),
                    new AwsSubscriptionChannels(resources, sqs, sns, cloudWatch,
                            new TenantTopics(resources, new SnsTopicDirectory(sns)), Optional.of("arn:aws:sns:us-east-1:123456789012:alarms")),
                    DynamoDbNamespaceCatalog.of(stack.dynamoDb(), resources), new SubscriptionIds(), Clock.systemUTC());
            Caller admin = Caller.of(TenantId.of(tenant), Set.of(Scope.ADMIN), NamespaceGrants.all());

            service.create(admin, Namespace.of("shop"), SubscriptionRequest.of("billing", "orders/", List.of("created"), false));
            service.describe(admin, Namespace.of("shop"), "billing");
            service.delete(admin, Namespace.of("shop"), "billing");
        }

        assertThat(actions.onTopics).containsExactlyInAnyOrderElementsOf(Permissions.API_TENANT_TOPIC_ACTIONS);
        assertThat(actions.onTopicSubscriptions).containsExactlyInAnyOrderElementsOf(Permissions.API_TOPIC_SUBSCRIPTION_ACTIONS);
        assertThat(actions.onSubscriptionQueues).containsExactlyInAnyOrderElementsOf(Permissions.API_SUBSCRIPTION_QUEUE_ACTIONS);
        assertThat(actions.onAlarms).containsExactlyInAnyOrderElementsOf(Permissions.API_SUBSCRIPTION_ALARM_ACTIONS);
        assertThat(actions.onEverything).containsExactlyInAnyOrderElementsOf(Permissions.API_METRIC_READ_ACTIONS);
    }

    /** The IAM actions the requests need, as IAM authorizes them, by the resource they are on. */
    private static final class Actions implements ExecutionInterceptor {

        final Set<String> onTopics = ConcurrentHashMap.newKeySet();
        final Set<String> onTopicSubscriptions = ConcurrentHashMap.newKeySet();
        final Set<String> onSubscriptionQueues = ConcurrentHashMap.newKeySet();
        final Set<String> onAlarms = ConcurrentHashMap.newKeySet();
        final Set<String> onEverything = ConcurrentHashMap.newKeySet();
        private final StateApiResources resources;

        Actions(StateApiResources resources) {
            this.resources = resources;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            switch (context.request()) {
                case CreateTopicRequest r when topic(r.name()) -> {
                    onTopics.add("sns:CreateTopic");
                    if (r.hasTags() && !r.tags().isEmpty()) {
                        onTopics.add("sns:TagResource"); // IAM's rule for tags given to CreateTopic
                    }
                }
                // Publish authorizes PublishBatch
                case PublishBatchRequest r when topic(r.topicArn()) -> onTopics.add("sns:Publish");
                case SubscribeRequest r when topic(r.topicArn()) -> onTopics.add("sns:Subscribe");
                case ListSubscriptionsByTopicRequest r when topic(r.topicArn()) -> onTopics.add("sns:ListSubscriptionsByTopic");
                case UnsubscribeRequest r when topicSubscription(r.subscriptionArn()) -> onTopicSubscriptions.add("sns:Unsubscribe");
                case CreateQueueRequest r when queue(r.queueName()) -> {
                    onSubscriptionQueues.add("sqs:CreateQueue");
                    if (r.hasTags() && !r.tags().isEmpty()) {
                        onSubscriptionQueues.add("sqs:TagQueue");
                    }
                }
                case GetQueueAttributesRequest r when queue(r.queueUrl()) -> onSubscriptionQueues.add("sqs:GetQueueAttributes");
                case SetQueueAttributesRequest r when queue(r.queueUrl()) -> onSubscriptionQueues.add("sqs:SetQueueAttributes");
                case GetQueueUrlRequest r when queue(r.queueName()) -> onSubscriptionQueues.add("sqs:GetQueueUrl");
                case DeleteQueueRequest r when queue(r.queueUrl()) -> onSubscriptionQueues.add("sqs:DeleteQueue");
                case PutMetricAlarmRequest r when alarm(r.alarmName()) -> {
                    onAlarms.add("cloudwatch:PutMetricAlarm");
                    if (r.hasTags() && !r.tags().isEmpty()) {
                        onAlarms.add("cloudwatch:TagResource");
                    }
                }
                case DeleteAlarmsRequest r when r.alarmNames().stream().allMatch(this::alarm) -> onAlarms.add("cloudwatch:DeleteAlarms");
                case GetMetricDataRequest r -> onEverything.add("cloudwatch:GetMetricData");
                default -> { }
            }
        }

        private boolean topic(String nameOrArn) {
            String name = nameOrArn.substring(nameOrArn.lastIndexOf(':') + 1);
            return name.startsWith(StateApiResources.PREFIX + "-" + resources.environment() + "-changes-") && name.endsWith(".fifo");
        }

        private boolean topicSubscription(String arn) {
            return Stream.of(arn.split(":")).anyMatch(this::topic);
        }

        private boolean queue(String nameOrUrl) {
            String name = nameOrUrl.substring(nameOrUrl.lastIndexOf('/') + 1);
            return name.startsWith(resources.subscriptions().prefix()) && name.endsWith(".fifo");
        }

        private boolean alarm(String name) {
            return name.startsWith(resources.subscriptions().prefix());
        }
    }
}
