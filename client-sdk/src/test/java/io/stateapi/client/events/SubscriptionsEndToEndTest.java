package io.stateapi.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.StateClient;
import io.stateapi.client.StateNamespace;
import io.stateapi.client.Subscription;
import io.stateapi.client.exceptions.SubscriptionConflictException;
import io.stateapi.client.exceptions.SubscriptionNotFoundException;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK's subscription calls against the real service (ADR 0038), and the SDK's own
 * {@link ChangeSubscriber} consuming a subscription's queue as it consumes the tenant queue:
 * raw delivery gives the same message body.
 */
class SubscriptionsEndToEndTest {

    private static StateClient client;
    private static SqsClient sqs;

    @BeforeAll
    static void clients() {
        client = TestStack.get().client().build();
        sqs = SqsClient.builder()
                .endpointOverride(TestStack.get().emulatorEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void close() {
        client.close();
        sqs.close();
    }

    @Test
    void createListDescribeAndDeleteASubscription() {
        StateNamespace namespace = client.namespace(TestStack.uniqueNamespace("sdk-subs"));
        namespace.put("a", Map.of("n", 1));

        Subscription created = namespace.subscriptions().create("billing", o -> o.prefix("orders/").types("created")
                .includeValues(false));

        assertThat(created.status()).isEqualTo("active");
        assertThat(created.prefix()).hasValue("orders/");
        assertThat(created.types()).containsExactly("created");
        assertThat(created.includeValues()).isFalse();
        assertThat(created.queueUrl()).isPresent();
        assertThat(namespace.subscriptions().list()).extracting(Subscription::name).containsExactly("billing");
        Subscription described = namespace.subscriptions().describe("billing");
        assertThat(described.backlog()).hasValue(0);
        assertThat(described.deadLetterDepth()).hasValue(0);
        assertThat(described.oldestMessageAgeSeconds()).isEmpty();
        assertThatThrownBy(() -> namespace.subscriptions().create("billing"))
                .isInstanceOf(SubscriptionConflictException.class);

        namespace.subscriptions().delete("billing");
        namespace.subscriptions().delete("billing");
        assertThatThrownBy(() -> namespace.subscriptions().describe("billing"))
                .isInstanceOf(SubscriptionNotFoundException.class);
    }

    @Test
    void theChangeSubscriberConsumesASubscriptionsQueueInVersionOrder() {
        StateNamespace namespace = client.namespace(TestStack.uniqueNamespace("sdk-subq"));
        namespace.put("seed", Map.of("n", 0));
        Subscription subscription = namespace.subscriptions().create("carts", o -> o.prefix("carts/"));
        List<String> handled = new CopyOnWriteArrayList<>();

        try (ChangeSubscriber subscriber = ChangeSubscriber.builder()
                .sqsClient(sqs)
                .queueUrl(subscription.queueUrl().orElseThrow())
                .waitTime(Duration.ofSeconds(1))
                .handler(event -> handled.add(event.key() + " " + event.changeType() + "@" + event.version()))
                .build()
                .start()) {
            namespace.put("carts/1", Map.of("items", List.of("a")));
            namespace.put("carts/1", Map.of("items", List.of("a", "b")));
            namespace.put("other/1", Map.of("n", 1));
            namespace.delete("carts/1");

            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 3);
        }
        assertThat(handled).containsExactly("carts/1 CREATED@1", "carts/1 UPDATED@2", "carts/1 DELETED@3");
        namespace.subscriptions().delete("carts");
    }
}
