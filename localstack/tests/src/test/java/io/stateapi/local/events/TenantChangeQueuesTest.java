package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.events.SqsClients;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Change events stay inside the tenant (ADR 0024): tenants writing over HTTP, each with its own
 * token, to namespaces and keys of the same names each find their own events, and only theirs,
 * on their own queue, which the fan-out creates on the tenant's first event; a tenant that never
 * wrote has no queue.
 */
class TenantChangeQueuesTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("events-tenants");
    private static final String NAMESPACE = "orders";

    private static LocalStack stack;
    private static TenantWrites writes;
    private static SqsClient sqs;

    @BeforeAll
    static void start() throws IOException {
        stack = LocalStack.start(TestStack.emulator(), RESOURCES, 0, TestStack.issuer());
        stack.expirySweeps().setEnabled(false);
        writes = new TenantWrites(stack.apiEndpoint());
        sqs = SqsClients.create(TestStack.emulator().endpoint(), List.of());
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void tenantsWritingTheSameNamespaceAndKeysEachReceiveTheirOwnEventsOnly() {
        List<String> tenants = List.of("alpha", "bravo", "charlie");
        Map<String, String> secretOf = Map.of("alpha", secret(), "bravo", secret(), "charlie", secret());
        for (String tenant : tenants) {
            assertThat(writes.put(tenant, NAMESPACE, "o/1", value(tenant, secretOf.get(tenant), 1))).isEqualTo(201);
        }
        assertThat(writes.put("bravo", NAMESPACE, "o/1", value("bravo", secretOf.get("bravo"), 2))).isEqualTo(200);
        assertThat(writes.delete("charlie", NAMESPACE, "o/1")).isEqualTo(204);
        assertThat(writes.put("alpha", NAMESPACE, "o/2", value("alpha", secretOf.get("alpha"), 3))).isEqualTo(201);

        awaitPipelineCaughtUp();

        Map<String, List<String>> expected = Map.of(
                "alpha", List.of("o/1 created@1", "o/2 created@1"),
                "bravo", List.of("o/1 created@1", "o/1 updated@2"),
                "charlie", List.of("o/1 created@1", "o/1 deleted@2"));
        for (String tenant : tenants) {
            try (ChangeQueueReader queue = new ChangeQueueReader(stack.changes(), tenant)) {
                // The reader checks every event's tenant attribute against the queue's tenant.
                List<ChangeQueueReader.Received> events = queue.drain();
                assertThat(events).as(tenant).extracting(r -> r.key() + " " + r.change())
                        .containsExactlyElementsOf(expected.get(tenant));
                assertThat(events).as(tenant).allSatisfy(r -> {
                    assertThat(r.event().path("source").asText())
                            .isEqualTo("/state-api/events-tenants/tenants/" + tenant + "/namespaces/" + NAMESPACE);
                    assertThat(r.event().path("data").path("namespace").asText()).isEqualTo(NAMESPACE);
                });
                assertThat(events).as(tenant).filteredOn(r -> !r.event().path("data").path("value").isNull())
                        .allSatisfy(r -> assertThat(r.event().path("data").path("value").path("owner").asText())
                                .isEqualTo(tenant));
                for (String other : tenants) {
                    if (!other.equals(tenant)) {
                        assertThat(events).as("%s's values on %s's queue", other, tenant)
                                .noneMatch(r -> r.event().toString().contains(secretOf.get(other)));
                    }
                }
            }
        }
    }

    @Test
    void theFanOutCreatesATenantsQueueOnItsFirstEventAndATenantThatNeverWroteHasNone() {
        assertThat(stack.changes().existingQueueOf("delta")).isEmpty();
        assertThat(stack.changes().existingQueueOf("echo")).isEmpty();

        assertThat(writes.put("echo", NAMESPACE, "first", "1")).isEqualTo(201);
        awaitPipelineCaughtUp();

        assertThat(stack.changes().existingQueueOf("echo")).isPresent();
        assertThat(stack.changes().existingQueueOf("delta")).isEmpty();
        assertThat(sqs.listQueues(b -> b.queueNamePrefix(RESOURCES.tenantEventsQueuePrefix() + "delta")).queueUrls())
                .isEmpty();
    }

    @Test
    void aTenantsQueueHasTheChangeQueueSettingsRedrivesToTheSharedDeadLetterQueueAndIsTaggedWithItsTenant() {
        assertThat(writes.put("foxtrot", NAMESPACE, "k", "1")).isEqualTo(201);
        awaitPipelineCaughtUp();

        String url = stack.changes().existingQueueOf("foxtrot").orElseThrow();
        Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
        assertThat(url).endsWith("/state-api-events-tenants-events-foxtrot.fifo");
        assertThat(attributes).containsEntry("FifoQueue", "true")
                .containsEntry("ContentBasedDeduplication", "false")
                .containsEntry("DeduplicationScope", "messageGroup")
                .containsEntry("FifoThroughputLimit", "perMessageGroupId")
                .containsEntry("VisibilityTimeout", "60")
                .containsEntry("MessageRetentionPeriod", "1209600")
                .containsEntry("SqsManagedSseEnabled", "true");
        assertThat(attributes.get("RedrivePolicy"))
                .contains(stack.changes().queues().changesDeadLetterArn())
                .containsPattern("\"maxReceiveCount\":\\s*\"?5");
        assertThat(sqs.listQueueTags(b -> b.queueUrl(url)).tags())
                .isEqualTo(Map.of("project", "state-api", "environment", "events-tenants", "tenant", "foxtrot"));
    }

    @Test
    void aTenantsQueueDeletedWhileTheFanOutHoldsItsUrlIsMadeAgainAndTheNextEventsArriveThere() {
        assertThat(writes.put("golf", NAMESPACE, "k", "1")).isEqualTo(201);
        awaitPipelineCaughtUp();
        String url = stack.changes().existingQueueOf("golf").orElseThrow();

        sqs.deleteQueue(b -> b.queueUrl(url));
        assertThat(writes.put("golf", NAMESPACE, "k", "2")).isEqualTo(200);
        awaitPipelineCaughtUp();

        try (ChangeQueueReader queue = new ChangeQueueReader(stack.changes(), "golf")) {
            assertThat(queue.drain()).extracting(ChangeQueueReader.Received::change).containsExactly("updated@2");
        }
        assertThat(StreamFailureQueue.messages(stack.changes().queues().streamFailure())).isEmpty();
    }

    private static String secret() {
        return "secret-" + UUID.randomUUID();
    }

    private static String value(String tenant, String secret, int n) {
        return "{\"owner\":\"" + tenant + "\",\"secret\":\"" + secret + "\",\"n\":" + n + "}";
    }

    /** Waits until the poller has handled every stream record written so far. */
    private static void awaitPipelineCaughtUp() {
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> poller.idleRounds() >= mark + 2);
    }
}
