package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.events.ChangeQueuePublisher.Message;
import io.stateapi.resources.StateApiResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routing of change messages to their tenants' queues, with a fake {@link BatchSender} in place
 * of SQS: every message reaches its own tenant's queue and no other, a call never mixes queues,
 * and a tenant whose queue cannot be had fails as an unaccepted entry does, keeping the order
 * guarantees of ADR 0021.
 */
class ChangeQueuePublisherTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("dev");
    private static final String DEAD_LETTER_ARN = "arn:aws:sqs:eu-west-1:123456789012:state-api-dev-changes-dlq.fifo";
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");
    private static final TenantId INITECH = TenantId.of("initech");

    private final FakeQueueDirectory directory = new FakeQueueDirectory();
    private final RecordingSender sender = new RecordingSender();
    private final ChangeQueuePublisher publisher =
            new ChangeQueuePublisher(sender, new TenantQueues(RESOURCES, DEAD_LETTER_ARN, directory), 2);

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void everyMessageGoesToItsTenantsQueueOnlyAndNoCallMixesQueues() {
        List<Message> messages = List.of(
                message(ACME, "orders/1", 1), message(GLOBEX, "orders/1", 1), message(INITECH, "orders/1", 1),
                message(ACME, "orders/2", 1), message(GLOBEX, "orders/1", 2), message(ACME, "orders/1", 2));

        ChangeQueuePublisher.Outcome outcome = publisher.publish(messages);

        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.confirmed()).isEqualTo(messages.size());
        assertThat(sender.received(queueOf(ACME))).containsExactly("acme/orders/1@1", "acme/orders/2@1", "acme/orders/1@2");
        assertThat(sender.received(queueOf(GLOBEX))).containsExactly("globex/orders/1@1", "globex/orders/1@2");
        assertThat(sender.received(queueOf(INITECH))).containsExactly("initech/orders/1@1");
        assertThat(sender.calls).allSatisfy(call -> assertThat(call.tenants()).hasSize(1));
    }

    @Test
    void aTenantsQueueIsLookedUpOncePerInstance() {
        publisher.publish(List.of(message(ACME, "k", 1), message(ACME, "j", 1)));
        int calls = directory.calls();

        publisher.publish(List.of(message(ACME, "k", 2)));

        assertThat(directory.calls()).isEqualTo(calls);
        assertThat(sender.received(queueOf(ACME))).containsExactly("acme/k@1", "acme/j@1", "acme/k@2");
    }

    @Test
    void aTenantWithoutAQueueForNowIsTheFailurePointAndOnlyWhatComesBeforeItIsSent() {
        directory.delete(RESOURCES.tenantEventsQueueName("globex"));
        List<Message> messages = List.of(
                message(ACME, "a", 1), message(INITECH, "i", 1), message(GLOBEX, "g", 1),
                message(ACME, "a", 2), message(INITECH, "j", 1));

        ChangeQueuePublisher.Outcome outcome = publisher.publish(messages);

        assertThat(outcome.complete()).isFalse();
        assertThat(outcome.confirmed()).isEqualTo(2);
        assertThat(outcome.failure()).contains("tenant globex", "deleted less than 60 s ago");
        assertThat(sender.received(queueOf(ACME))).containsExactly("acme/a@1");
        assertThat(sender.received(queueOf(INITECH))).containsExactly("initech/i@1");
        assertThat(sender.calls).noneMatch(call -> call.tenants().contains(GLOBEX));
    }

    @Test
    void theRetryAfterTheNameIsFreeAgainCreatesTheQueueAndSendsFromTheFailurePointOn() {
        directory.delete(RESOURCES.tenantEventsQueueName("globex"));
        List<Message> messages = List.of(message(ACME, "a", 1), message(GLOBEX, "g", 1), message(ACME, "a", 2));
        ChangeQueuePublisher.Outcome first = publisher.publish(messages);
        directory.allowRecreation(RESOURCES.tenantEventsQueueName("globex"));

        ChangeQueuePublisher.Outcome retry = publisher.publish(messages.subList(first.confirmed(), messages.size()));

        assertThat(retry.complete()).isTrue();
        assertThat(sender.received(queueOf(GLOBEX))).containsExactly("globex/g@1");
        assertThat(sender.received(queueOf(ACME))).containsExactly("acme/a@1", "acme/a@2");
    }

    @Test
    void aQueueDeletedUnderTheFunctionIsForgottenAndCreatedAgainByTheRetry() {
        publisher.publish(List.of(message(ACME, "a", 1)));
        directory.delete(RESOURCES.tenantEventsQueueName("acme"));
        sender.missing.add(queueOf(ACME));

        ChangeQueuePublisher.Outcome outcome = publisher.publish(List.of(message(ACME, "a", 2)));
        assertThat(outcome.complete()).isFalse();
        assertThat(outcome.confirmed()).isZero();

        directory.allowRecreation(RESOURCES.tenantEventsQueueName("acme"));
        sender.missing.clear();
        assertThat(publisher.publish(List.of(message(ACME, "a", 2))).complete()).isTrue();
        assertThat(directory.names()).contains(RESOURCES.tenantEventsQueueName("acme"));
        assertThat(sender.received(queueOf(ACME))).containsExactly("acme/a@1", "acme/a@2");
    }

    private static String queueOf(TenantId tenant) {
        return FakeQueueDirectory.urlOf(RESOURCES.tenantEventsQueueName(tenant.value()));
    }

    /** A message whose body names it: "tenant/key@version". */
    private static Message message(TenantId tenant, String key, long version) {
        return new Message(tenant, tenant + "/" + key + "/" + version, tenant + "/" + key, tenant + "/" + key + "@" + version);
    }

    /** Accepts every entry, except on queues it is told are gone; keeps what each queue received. */
    private static final class RecordingSender implements BatchSender {

        record Call(String queueUrl, Set<TenantId> tenants) {
        }

        final List<Call> calls = new ArrayList<>();
        final Set<String> missing = new HashSet<>();
        private final Map<String, List<String>> bodies = new HashMap<>();

        @Override
        public synchronized Result send(String queueUrl, List<Message> messages, List<Integer> chunk) {
            Set<TenantId> tenants = new HashSet<>();
            chunk.forEach(i -> tenants.add(messages.get(i).tenant()));
            calls.add(new Call(queueUrl, tenants));
            if (missing.contains(queueUrl)) {
                return new Result(List.of(), Map.of(), chunk, "the queue does not exist", true);
            }
            chunk.forEach(i -> bodies.computeIfAbsent(queueUrl, url -> new ArrayList<>()).add(messages.get(i).body()));
            return new Result(chunk, Map.of(), List.of(), null, false);
        }

        synchronized List<String> received(String queueUrl) {
            return List.copyOf(bodies.getOrDefault(queueUrl, List.of()));
        }
    }
}
