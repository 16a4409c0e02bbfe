package io.stateapi.client;

import static io.stateapi.client.support.FaultProxy.Fault.NONE;
import static io.stateapi.client.support.FaultProxy.Fault.RESET_AFTER_FORWARDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stateapi.client.events.ChangeEvent;
import io.stateapi.client.events.ChangeSubscriber;
import io.stateapi.client.exceptions.IdempotencyKeyReusedException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.client.support.FaultProxy;
import io.stateapi.client.support.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every kind of write whose answer is lost after the service applied it (a proxy forwards the
 * request and drops the answer): the client sends it again with the same {@code Idempotency-Key},
 * the service replays the first outcome, and the call reports what truly happened, with exactly
 * one new version and exactly one change event (read from the local stack's real change
 * pipeline) per logical write.
 */
class ExactlyOnceWritesTest {

    record Counter(long count) {
        Counter next() {
            return new Counter(count + 1);
        }
    }

    private static final String PREFIX = "sdk-once-";
    /** A tenant of its own: its change queue carries this class's events only (TestStack.newTenant). */
    private static final String TENANT = TestStack.newTenant("once");

    private static SqsClient sqs;
    private static ChangeSubscriber subscriber;
    private static final Map<String, List<ChangeEvent>> EVENTS = new ConcurrentHashMap<>();

    private FaultProxy proxy;
    private StateClient client;
    private StateClient directClient;
    private StateNamespace ns;
    private StateNamespace direct;

    @BeforeAll
    static void subscribe() {
        sqs = SqsClient.builder()
                .endpointOverride(TestStack.get().emulatorEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        subscriber = ChangeSubscriber.builder()
                .sqsClient(sqs)
                .queueUrl(TestStack.get().changeQueueUrl(TENANT))
                .handler(event -> {
                    if (event.namespace().startsWith(PREFIX)) {
                        EVENTS.computeIfAbsent(event.namespace() + "/" + event.key(), k -> new CopyOnWriteArrayList<>()).add(event);
                    }
                })
                .waitTime(Duration.ofSeconds(1))
                .build()
                .start();
    }

    @AfterAll
    static void unsubscribe() {
        subscriber.close();
        sqs.close();
    }

    @BeforeEach
    void start() {
        proxy = FaultProxy.start(TestStack.get().apiEndpoint());
        client = TestStack.get().clientOf(TENANT, proxy.endpoint()).build();
        directClient = TestStack.get().clientOf(TENANT).build();
        String name = TestStack.uniqueNamespace("once");     // starts with PREFIX
        ns = client.namespace(name);
        direct = directClient.namespace(name);
    }

    @AfterEach
    void stop() {
        client.close();
        directClient.close();
        proxy.close();
    }

    /**
     * The key's change events, as {@code type@version}, up to a closing write made after the
     * test's writes: events of a key arrive in order, so none of the test's can still be on its way.
     */
    private List<String> changeEventsOf(String key) {
        long closing = direct.put(key, new Counter(-1)).version();
        String id = ns.name() + "/" + key;
        await().atMost(Duration.ofSeconds(90)).until(() ->
                EVENTS.getOrDefault(id, List.of()).stream().anyMatch(e -> e.version() == closing));
        return EVENTS.get(id).stream().map(e -> e.changeType().name().toLowerCase() + "@" + e.version()).toList();
    }

    /** The write was sent twice with one key: the first answer lost, the second a replay of it. */
    private void assertSentTwiceWithOneKeyAndReplayed(int status) {
        List<FaultProxy.Exchange> writes = proxy.exchanges().stream().filter(e -> !e.method().equals("GET")).toList();
        assertThat(writes).extracting(FaultProxy.Exchange::status).containsExactly(0, status);
        assertThat(writes.get(0).header("Idempotency-Key")).isNotNull().isEqualTo(writes.get(1).header("Idempotency-Key"));
        assertThat(writes.get(1).responseHeader("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aLastWriteWinsPutWhoseAnswerWasLostIsAppliedOnceAndReportedAsWritten() {
        direct.create("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThat(ns.put("k", new Counter(2)).version()).isEqualTo(2);

        assertSentTwiceWithOneKeyAndReplayed(200);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2", "updated@3");
    }

    @Test
    void aCompareAndSetPutWhoseAnswerWasLostIsReportedAsWrittenNotAsAConflict() {
        Versioned<Counter> v1 = direct.create("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThat(ns.put("k", new Counter(2), v1.ifUnchanged()).version()).isEqualTo(2);

        assertSentTwiceWithOneKeyAndReplayed(200);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2", "updated@3");
    }

    @Test
    void anIfExistsPutWhoseAnswerWasLostIsAppliedOnceAndReportedAsWritten() {
        direct.create("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThat(ns.put("k", new Counter(2), IfVersion.exists()).version()).isEqualTo(2);

        assertSentTwiceWithOneKeyAndReplayed(200);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2", "updated@3");
    }

    @Test
    void aCreateWhoseAnswerWasLostIsReportedAsCreatedNotAsAConflict() {
        proxy.inject(RESET_AFTER_FORWARDING);

        assertThat(ns.create("k", new Counter(1)).version()).isEqualTo(1);

        assertSentTwiceWithOneKeyAndReplayed(201);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2");
    }

    @Test
    void aDeleteWhoseAnswerWasLostIsReportedAsDoneNotAsMissing() {
        direct.create("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        ns.delete("k");

        assertSentTwiceWithOneKeyAndReplayed(204);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "deleted@2", "created@3");
    }

    @Test
    void aConditionalDeleteWhoseAnswerWasLostIsReportedAsDone() {
        Versioned<Counter> v1 = direct.create("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING);

        ns.delete("k", v1.ifUnchanged());

        assertSentTwiceWithOneKeyAndReplayed(204);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "deleted@2", "created@3");
    }

    @Test
    void anUpdateWhoseAnswerWasLostAppliesItsFunctionOnceAndReportsTheWrite() {
        direct.create("k", new Counter(0));
        AtomicInteger applied = new AtomicInteger();
        // the read passes; the compare-and-set is applied and its answer lost
        proxy.inject(NONE, RESET_AFTER_FORWARDING);

        Versioned<Counter> updated = ns.update("k", Counter.class, c -> {
            applied.incrementAndGet();
            return c.next();
        });

        assertThat(updated.value()).isEqualTo(new Counter(1));
        assertThat(updated.version()).isEqualTo(2);
        assertThat(applied).hasValue(1);
        assertSentTwiceWithOneKeyAndReplayed(200);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2", "updated@3");
    }

    @Test
    void anUpdateOrCreateWhoseCreatesAnswerWasLostCreatesOnce() {
        AtomicInteger applied = new AtomicInteger();
        proxy.inject(NONE, RESET_AFTER_FORWARDING);

        Versioned<Counter> created = ns.updateOrCreate("k", Counter.class, () -> new Counter(0), c -> {
            applied.incrementAndGet();
            return c.next();
        });

        assertThat(created.version()).isEqualTo(1);
        assertThat(applied).hasValue(1);
        assertSentTwiceWithOneKeyAndReplayed(201);
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2");
    }

    @Test
    void anUnknownOutcomeIsResolvedBySendingTheWriteAgainWithItsKey() {
        direct.create("k", new Counter(1));
        proxy.inject(RESET_AFTER_FORWARDING, RESET_AFTER_FORWARDING, RESET_AFTER_FORWARDING, RESET_AFTER_FORWARDING);
        WriteOutcomeUnknownException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                WriteOutcomeUnknownException.class, () -> ns.put("k", new Counter(2)));
        assertThat(unknown.idempotencyKey()).isPresent();

        Versioned<Counter> resolved = ns.put("k", new Counter(2),
                WriteOptions.builder().idempotencyKey(unknown.idempotencyKey().get()).build());

        assertThat(resolved.version()).isEqualTo(2);
        assertThat(proxy.exchanges()).last()
                .satisfies(e -> assertThat(e.responseHeader("Idempotent-Replayed")).isEqualTo("true"));
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2", "updated@3");
    }

    @Test
    void aKeyUsedAgainForAnotherWriteIsRefusedAndWritesNothing() {
        ns.put("k", new Counter(1), WriteOptions.builder().idempotencyKey("once").build());

        assertThatThrownBy(() -> ns.put("k", new Counter(2), WriteOptions.builder().idempotencyKey("once").build()))
                .isInstanceOf(IdempotencyKeyReusedException.class);

        assertThat(direct.get("k", Counter.class).value()).isEqualTo(new Counter(1));
        assertThat(changeEventsOf("k")).containsExactly("created@1", "updated@2");
    }
}
