package io.stateapi.local.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.aws.AwsClients;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.subscriptions.Subscription;
import io.stateapi.domain.subscriptions.SubscriptionIds;
import io.stateapi.domain.subscriptions.SubscriptionRequest;
import io.stateapi.domain.subscriptions.SubscriptionService;
import io.stateapi.domain.subscriptions.SubscriptionStatus;
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
import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import io.stateapi.resources.Runbook;
import io.stateapi.subscriptions.AwsSubscriptionChannels;
import io.stateapi.subscriptions.SubscriptionAlarmDescriptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * A subscription's life on the emulator (ADR 0038): create, list, describe, delete over HTTP,
 * with its queues, topic subscription and alarms there while it lives and gone after; and a
 * create or delete that failed halfway, finished by repeating it.
 */
class SubscriptionLifecycleTest {

    private static SqsClient sqs;
    private static SnsClient sns;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void clients() {
        TestStack.shared();
        sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
        sns = SnsClients.create(TestStack.emulator().endpoint(), List.of());
        cloudWatch = AwsClients.build(CloudWatchClient.builder(), TestStack.emulator().endpoint(), List.of(),
                SqsClients.ATTEMPT_TIMEOUT, SqsClients.CALL_TIMEOUT);
    }

    @AfterAll
    static void close() {
        sqs.close();
        sns.close();
        cloudWatch.close();
    }

    @Test
    void createListDescribeAndDeleteWithQueuesAndAlarmsPresentThenGone() {
        TestStack stack = TestStack.shared();
        String tenant = "life-" + UUID.randomUUID().toString().substring(0, 8);
        SubscriptionsApi api = new SubscriptionsApi(stack.api(), tenant);
        api.createNamespace("shop");

        var response = api.create("shop", "{\"name\":\"billing\",\"prefix\":\"orders/\",\"types\":[\"created\"]}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/namespaces/shop/subscriptions/billing");
        JsonNode created = Http.json(response);
        String id = created.get("id").asText();
        assertThat(created.get("status").asText()).isEqualTo("active");
        assertThat(created.get("queueUrl").asText()).endsWith("state-api-test-sub-" + id + ".fifo");
        assertThat(created.get("deadLetterQueueUrl").asText()).endsWith("state-api-test-sub-" + id + "-dlq.fifo");
        assertThat(created.path("filter").path("types").toString()).isEqualTo("[\"created\"]");

        String queueUrl = created.get("queueUrl").asText();
        Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
        assertThat(attributes).containsEntry("FifoQueue", "true").containsKey("RedrivePolicy").containsKey("Policy");
        assertThat(attributes.get("RedrivePolicy")).contains("sub-" + id + "-dlq.fifo");
        assertThat(attributes.get("Policy")).contains("aws:SourceArn", "state-api-test-changes-" + tenant + ".fifo");
        assertThat(sqs.listQueueTags(b -> b.queueUrl(queueUrl)).tags())
                .containsEntry("tenant", tenant).containsEntry("namespace", "shop").containsEntry("subscription", "billing");
        var topicSubscription = topicSubscriptionOf(created.get("queueArn").asText());
        assertThat(topicSubscription).isPresent();
        Map<String, String> subscriptionAttributes = sns.getSubscriptionAttributes(b -> b.subscriptionArn(
                topicSubscription.get())).attributes();
        assertThat(subscriptionAttributes).containsEntry("RawMessageDelivery", "true");
        assertThat(subscriptionAttributes.get("FilterPolicy")).contains("\"prefix\":\"orders/\"", "io.stateapi.key.created", "shop");
        assertThat(alarmsOf(id)).extracting(MetricAlarm::alarmName).containsExactlyInAnyOrder(
                "state-api-test-sub-" + id + "-backlog-age", "state-api-test-sub-" + id + "-dlq-depth");
        assertThat(alarmsOf(id)).extracting(MetricAlarm::alarmDescription).containsExactlyInAnyOrder(
                SubscriptionAlarmDescriptions.backlogAge(tenant, "shop", "billing"),
                SubscriptionAlarmDescriptions.deadLetters(tenant, "shop", "billing"))
                .allSatisfy(description -> assertThat(description).contains("Runbook: " + Runbook.LOCATION + "#"));

        JsonNode list = Http.json(api.list("shop"));
        assertThat(list.get("subscriptions")).hasSize(1);
        JsonNode described = Http.json(api.describe("shop", "billing"));
        assertThat(described.get("backlog").asLong()).isZero();
        assertThat(described.get("deadLetterDepth").asLong()).isZero();
        assertThat(described.get("oldestMessageAgeSeconds").isNull()).as("moto's CloudWatch has no SQS metrics").isTrue();

        assertThat(api.delete("shop", "billing").statusCode()).isEqualTo(204);
        assertThat(alarmsOf(id)).isEmpty();
        assertThat(topicSubscriptionOf(created.get("queueArn").asText())).isEmpty();
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("state-api-test-sub-" + id + ".fifo")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("state-api-test-sub-" + id + "-dlq.fifo")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThat(api.delete("shop", "billing").statusCode()).as("idempotent").isEqualTo(204);
        assertThat(api.describe("shop", "billing").statusCode()).isEqualTo(404);
        assertThat(Http.json(api.list("shop")).get("subscriptions")).isEmpty();
    }

    @Test
    void aCreateThatFailedHalfwayIsFinishedByRepeatingItAndADeleteRemovesWhatWasMade() {
        TestStack stack = TestStack.shared();
        String tenant = "half-" + UUID.randomUUID().toString().substring(0, 8);
        new SubscriptionsApi(stack.api(), tenant).createNamespace("shop");
        FailingSubscribe failing = new FailingSubscribe(1);
        Caller admin = Caller.of(TenantId.of(tenant), Set.of(Scope.ADMIN), NamespaceGrants.all());
        try (SnsClient faultySns = SnsClients.create(TestStack.emulator().endpoint(), List.of(failing))) {
            SubscriptionService service = service(faultySns);
            SubscriptionRequest request = SubscriptionRequest.of("billing", null, null, null);

            assertThatThrownBy(() -> service.create(admin, Namespace.of("shop"), request))
                    .isInstanceOf(StoreUnavailableException.class);
            Subscription halfway = service.describe(admin, Namespace.of("shop"), "billing").subscription();
            assertThat(halfway.status()).isEqualTo(SubscriptionStatus.CREATING);
            String queueName = "state-api-test-sub-" + halfway.id() + ".fifo";
            assertThat(sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl()).as("made before the failure").isNotBlank();

            Subscription finished = service.create(admin, Namespace.of("shop"), request);

            assertThat(finished.id()).isEqualTo(halfway.id());
            assertThat(finished.status()).isEqualTo(SubscriptionStatus.ACTIVE);
            assertThat(topicSubscriptionOf(finished.queues().orElseThrow().queueArn())).isPresent();
            assertThat(alarmsOf(finished.id())).hasSize(2);

            failing.failures.set(0);
            service.delete(admin, Namespace.of("shop"), "billing");
            assertThat(alarmsOf(finished.id())).isEmpty();
            assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName(queueName))).isInstanceOf(QueueDoesNotExistException.class);
        }
    }

    private static SubscriptionService service(SnsClient snsClient) {
        TestStack stack = TestStack.shared();
        var resources = TestStack.RESOURCES;
        return new SubscriptionService(new DynamoDbSubscriptionCatalog(stack.dynamoDb(), resources.catalogTableName()),
                new AwsSubscriptionChannels(resources, sqs, snsClient, cloudWatch,
                        new TenantTopics(resources, new SnsTopicDirectory(snsClient)), Optional.empty()),
                DynamoDbNamespaceCatalog.of(stack.dynamoDb(), resources), new SubscriptionIds(), Clock.systemUTC());
    }

    private static Optional<String> topicSubscriptionOf(String queueArn) {
        return sns.listSubscriptionsPaginator(b -> { }).subscriptions().stream()
                .filter(s -> queueArn.equals(s.endpoint())).map(s -> s.subscriptionArn()).findFirst();
    }

    private static List<MetricAlarm> alarmsOf(String id) {
        return cloudWatch.describeAlarms(b -> b.alarmNamePrefix("state-api-test-sub-" + id)).metricAlarms();
    }

    /** Fails the first {@code n} SNS {@code Subscribe} calls, after the queues were made. */
    private static final class FailingSubscribe implements ExecutionInterceptor {
        final AtomicInteger failures;

        FailingSubscribe(int n) {
            this.failures = new AtomicInteger(n);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof SubscribeRequest && failures.getAndDecrement() > 0) {
                throw SnsException.builder().statusCode(500).message("injected: Subscribe failed").build();
            }
        }
    }
}
