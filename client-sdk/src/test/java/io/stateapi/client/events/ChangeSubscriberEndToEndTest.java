package io.stateapi.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.IfVersion;
import io.stateapi.client.StateClient;
import io.stateapi.client.StateNamespace;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.support.TestStack;
import io.stateapi.local.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Writes made with the SDK reach a {@link ChangeSubscriber} through the real change pipeline of
 * the local stack (DynamoDB stream, stream poller, fan-out function, the test tenant's FIFO change
 * queue): nothing here publishes an event by hand. The tenant's queue is shared by every test of
 * the JVM, so the handler keeps only events of the test's own namespace (and acknowledges the rest).
 */
class ChangeSubscriberEndToEndTest {

    record Cart(List<String> items) {
        static Cart of(String... items) {
            return new Cart(List.of(items));
        }

        Cart with(String item) {
            return new Cart(Stream.concat(items.stream(), Stream.of(item)).toList());
        }
    }

    private static StateClient client;
    private static SqsClient sqs;
    private static String tenant;

    private StateNamespace namespace;
    private final Map<String, List<ChangeEvent>> handled = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void clients() {
        // A tenant of its own: its queue carries this class's events only, not the backlog of every
        // test the JVM ran before (a subscriber reading the shared queue first drains that: on a busy
        // machine it took longer than a test's wait).
        tenant = TestStack.newTenant("subscriber");
        client = TestStack.get().clientOf(tenant).build();
        sqs = SqsClient.builder()
                .endpointOverride(TestStack.get().emulatorEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void closeClients() {
        client.close();
        sqs.close();
    }

    @BeforeEach
    void namespace() {
        namespace = client.namespace(TestStack.uniqueNamespace("e2e"));
    }

    private ChangeSubscriber.Builder subscriber(ChangeHandler ours) {
        return ChangeSubscriber.builder()
                .sqsClient(sqs)
                .queueUrl(TestStack.get().changeQueueUrl(tenant))
                .handler(event -> {
                    if (event.namespace().equals(namespace.name())) {
                        ours.handle(event);
                    }
                })
                .failureListener((id, event, error) -> failures.add(event + ": " + error.getMessage()))
                .waitTime(Duration.ofSeconds(1))
                .retryDelay(Duration.ofSeconds(1));
    }

    private void record(ChangeEvent event) {
        handled.computeIfAbsent(event.key(), k -> new CopyOnWriteArrayList<>()).add(event);
    }

    private List<ChangeEvent> eventsOf(String key) {
        return handled.getOrDefault(key, List.of());
    }

    /** One event as a line: type, versions and the typed values, as a reader of the docs would write it. */
    private static String describe(ChangeEvent event) {
        return event.changeType().name().toLowerCase() + "@" + event.version()
                + " after " + (event.previousVersion().isPresent() ? event.previousVersion().getAsLong() : "none")
                + ": " + event.value(Cart.class).map(Cart::items).map(Object::toString).orElse("no value")
                + ", was " + event.previousValue(Cart.class).map(Cart::items).map(Object::toString).orElse("no value");
    }

    private List<String> describedEventsOf(String key) {
        return eventsOf(key).stream().map(ChangeSubscriberEndToEndTest::describe).toList();
    }

    /**
     * Three keys written interleaved: "a" created, updated twice, deleted and created again;
     * "b" created, updated by a CAS loop, deleted and created again; "c" created by a plain put
     * and updated twice.
     */
    private void writeInterleavedSequences() {
        namespace.create("a", Cart.of("a1"));
        namespace.create("b", Cart.of("b1"));
        namespace.put("a", Cart.of("a1", "a2"), IfVersion.of(1));
        namespace.put("c", Cart.of("c1"));
        namespace.update("b", Cart.class, cart -> cart.with("b2"));
        namespace.put("a", Cart.of("a1", "a2", "a3"));
        namespace.put("c", Cart.of("c1", "c2"));
        namespace.delete("b");
        namespace.delete("a", IfVersion.of(3));
        namespace.update("c", Cart.class, cart -> cart.with("c3"));
        namespace.create("b", Cart.of("b4"));
        namespace.create("a", Cart.of("a5"));
    }

    private static final List<String> EVENTS_OF_A = List.of(
            "created@1 after none: [a1], was no value",
            "updated@2 after 1: [a1, a2], was [a1]",
            "updated@3 after 2: [a1, a2, a3], was [a1, a2]",
            "deleted@4 after 3: no value, was [a1, a2, a3]",
            "created@5 after 4: [a5], was no value");
    private static final List<String> EVENTS_OF_B = List.of(
            "created@1 after none: [b1], was no value",
            "updated@2 after 1: [b1, b2], was [b1]",
            "deleted@3 after 2: no value, was [b1, b2]",
            "created@4 after 3: [b4], was no value");
    private static final List<String> EVENTS_OF_C = List.of(
            "created@1 after none: [c1], was no value",
            "updated@2 after 1: [c1, c2], was [c1]",
            "updated@3 after 2: [c1, c2, c3], was [c1, c2]");

    private void awaitEvents(int a, int b, int c) {
        await().atMost(Duration.ofSeconds(90)).until(() ->
                eventsOf("a").size() >= a && eventsOf("b").size() >= b && eventsOf("c").size() >= c);
    }

    /** Events of this test's namespace still on the tenant's change queue (none once all were acknowledged). */
    private List<Message> leftOnTheQueue() {
        List<Message> ours = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(TestStack.get().changeQueueUrl(tenant))
                    .maxNumberOfMessages(10).waitTimeSeconds(2).visibilityTimeout(30)).messages();
            if (batch.isEmpty()) {
                return ours;
            }
            batch.stream().filter(m -> m.body().contains("\"namespace\":\"" + namespace.name() + "\"")).forEach(ours::add);
        }
    }

    @Test
    void everySdkWriteArrivesThroughThePipelineOnceInVersionOrderPerKeyWithTypedValues() {
        try (ChangeSubscriber subscriber = subscriber(this::record).build().start()) {
            writeInterleavedSequences();
            awaitEvents(EVENTS_OF_A.size(), EVENTS_OF_B.size(), EVENTS_OF_C.size());
        }

        assertThat(describedEventsOf("a")).containsExactlyElementsOf(EVENTS_OF_A);
        assertThat(describedEventsOf("b")).containsExactlyElementsOf(EVENTS_OF_B);
        assertThat(describedEventsOf("c")).containsExactlyElementsOf(EVENTS_OF_C);
        assertThat(failures).isEmpty();
        assertThat(leftOnTheQueue()).isEmpty();
    }

    @Test
    void everyEventCarriesTheCloudEventsAttributesOfTheRealPipeline() {
        try (ChangeSubscriber subscriber = subscriber(this::record).build().start()) {
            writeInterleavedSequences();
            awaitEvents(EVENTS_OF_A.size(), EVENTS_OF_B.size(), EVENTS_OF_C.size());
        }

        List<ChangeEvent> all = handled.values().stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(EVENTS_OF_A.size() + EVENTS_OF_B.size() + EVENTS_OF_C.size());
        assertThat(all).allSatisfy(event -> {
            assertThat(event.id()).matches("[0-9a-f]{64}");
            assertThat(event.source()).isEqualTo(
                    "/state-api/" + LocalStack.RESOURCES.environment() + "/tenants/" + tenant
                            + "/namespaces/" + namespace.name());
            assertThat(event.type()).startsWith("io.stateapi.key.");
            assertThat(event.changeType()).isNotEqualTo(ChangeType.OTHER);
            assertThat(event.time()).isNotNull();
            assertThat(event.valueOmitted()).isFalse();
        });
        assertThat(all).extracting(ChangeEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void aHandlerThatThrowsGetsTheSameEventAgainAndTheKeyKeepsItsOrder() {
        AtomicInteger deliveriesOfAtThree = new AtomicInteger();
        List<String> failedIds = new CopyOnWriteArrayList<>();
        List<String> redeliveredIds = new CopyOnWriteArrayList<>();

        try (ChangeSubscriber subscriber = subscriber(event -> {
            if (event.key().equals("a") && event.version() == 3) {
                if (deliveriesOfAtThree.incrementAndGet() == 1) {
                    failedIds.add(event.id());
                    throw new IllegalStateException("downstream unavailable");
                }
                redeliveredIds.add(event.id());
            }
            record(event);
        }).build().start()) {
            writeInterleavedSequences();
            awaitEvents(EVENTS_OF_A.size(), EVENTS_OF_B.size(), EVENTS_OF_C.size());
        }

        assertThat(deliveriesOfAtThree).hasValue(2);
        assertThat(redeliveredIds).isEqualTo(failedIds);
        assertThat(failures).singleElement().asString().contains("downstream unavailable");
        assertThat(describedEventsOf("a")).containsExactlyElementsOf(EVENTS_OF_A);
        assertThat(describedEventsOf("b")).containsExactlyElementsOf(EVENTS_OF_B);
        assertThat(describedEventsOf("c")).containsExactlyElementsOf(EVENTS_OF_C);
        assertThat(leftOnTheQueue()).isEmpty();
    }

    @Test
    void aKeyCreatedAgainAfterItsTimeToLiveRanOutYieldsExpiredThenCreated() {
        try (ChangeSubscriber subscriber = subscriber(this::record).build().start()) {
            namespace.put("session", Cart.of("s1"), WriteOptions.builder().ttl(Duration.ofSeconds(1)).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> namespace.find("session", Cart.class).isEmpty());
            namespace.create("session", Cart.of("s2"));
            await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf("session").size() >= 3);
        }

        assertThat(describedEventsOf("session")).containsExactly(
                "created@1 after none: [s1], was no value",
                "expired@1 after 1: no value, was [s1]",
                "created@2 after 1: [s2], was no value");
        assertThat(failures).isEmpty();
    }
}
