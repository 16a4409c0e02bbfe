package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.events.ChangeQueuePublisher.Channel;
import io.stateapi.events.ChangeQueuePublisher.Message;
import io.stateapi.resources.StateApiResources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing to the tenants' topics beside their queues (ADR 0038), with fakes of SQS, SNS and
 * the topic directory: each message reaches its own tenant's topic of its kind, a topic that
 * cannot be had and an entry SNS does not accept are failure points exactly like a queue's, and
 * a topic's ARN is created once per instance.
 */
class TopicPublishingTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("dev");
    private static final String DEAD_LETTER_ARN = "arn:aws:sqs:eu-west-1:123456789012:state-api-dev-changes-dlq.fifo";
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    private final FakeTopics topicDirectory = new FakeTopics();
    private final Recording queues = new Recording();
    private final Recording topics = new Recording();
    private final ChangeQueuePublisher publisher = new ChangeQueuePublisher(queues, topics,
            new TenantQueues(RESOURCES, DEAD_LETTER_ARN, new FakeQueueDirectory()),
            new TenantTopics(RESOURCES, topicDirectory), 2);

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void eachMessageReachesItsTenantsTopicOfItsKindWithItsAttributes() {
        ChangeQueuePublisher.Outcome outcome = publisher.publish(change(ACME, "a", 1)
                .plus(change(GLOBEX, "a", 1)).plus(change(ACME, "a", 2)).messages());

        assertThat(outcome.complete()).isTrue();
        assertThat(topics.received(arn("state-api-dev-changes-acme.fifo"))).containsExactly("acme/a@1", "acme/a@2");
        assertThat(topics.received(arn("state-api-dev-changes-acme-keys.fifo"))).containsExactly("acme/a@1", "acme/a@2");
        assertThat(topics.received(arn("state-api-dev-changes-globex.fifo"))).containsExactly("globex/a@1");
        assertThat(topicDirectory.created).containsExactlyInAnyOrder("state-api-dev-changes-acme.fifo",
                "state-api-dev-changes-acme-keys.fifo", "state-api-dev-changes-globex.fifo",
                "state-api-dev-changes-globex-keys.fifo");
        assertThat(topicDirectory.attributes).containsEntry("FifoTopic", "true").containsEntry("ContentBasedDeduplication", "false");
        assertThat(topicDirectory.tags).containsEntry("tenant", "globex");
    }

    @Test
    void aTopicIsCreatedOncePerInstance() {
        publisher.publish(change(ACME, "a", 1).messages());
        int calls = topicDirectory.calls;

        publisher.publish(change(ACME, "a", 2).messages());

        assertThat(topicDirectory.calls).isEqualTo(calls);
    }

    @Test
    void aTopicThatCannotBeHadIsTheFailurePointAndOnlyWhatComesBeforeItIsSent() {
        topicDirectory.refuse.add("state-api-dev-changes-globex-keys.fifo");
        List<Message> messages = change(ACME, "a", 1).plus(change(GLOBEX, "g", 1)).plus(change(ACME, "a", 2)).messages();

        ChangeQueuePublisher.Outcome outcome = publisher.publish(messages);

        assertThat(outcome.complete()).isFalse();
        assertThat(outcome.confirmed()).as("the globex keys-topic message").isEqualTo(5);
        assertThat(outcome.failure()).contains("KEYS_ONLY topic for tenant globex");
        assertThat(topics.received(arn("state-api-dev-changes-acme.fifo"))).containsExactly("acme/a@1");
        assertThat(queues.all()).doesNotContain("acme/a@2");

        topicDirectory.refuse.clear();
        assertThat(publisher.publish(messages.subList(outcome.confirmed(), messages.size())).complete()).isTrue();
        assertThat(topics.received(arn("state-api-dev-changes-globex-keys.fifo"))).containsExactly("globex/g@1");
    }

    @Test
    void aTopicEntryNotAcceptedIsTheFailurePointAndTheKeysLaterMessagesWait() {
        topics.pending.add("acme/a@1");
        List<Message> messages = change(ACME, "a", 1).plus(change(ACME, "b", 1)).plus(change(ACME, "a", 2)).messages();

        ChangeQueuePublisher.Outcome outcome = publisher.publish(messages);

        assertThat(outcome.confirmed()).isEqualTo(1);
        assertThat(topics.all()).doesNotContain("acme/a@2");
        assertThat(queues.received(FakeQueueDirectory.urlOf(RESOURCES.tenantEventsQueueName("acme"))))
                .as("the queue's own messages before the failure point go out, later ones of the key wait for it")
                .contains("acme/a@1").doesNotContain("acme/a@2");
    }

    private static String arn(String topicName) {
        return "arn:aws:sns:eu-west-1:123456789012:" + topicName;
    }

    /** A change's three messages (queue, values topic, keys topic), as ChangeMessages makes them. */
    private static Changes change(TenantId tenant, String key, long version) {
        String body = tenant + "/" + key + "@" + version;
        String dedup = tenant + "/" + key + "/" + version;
        String group = tenant + "/" + key;
        Map<String, String> attributes = Map.of("tenant", tenant.value(), "key", key);
        return new Changes(List.of(new Message(tenant, dedup, group, body),
                new Message(tenant, Channel.CHANGES_TOPIC, dedup, group, body, attributes, Optional.empty()),
                new Message(tenant, Channel.KEYS_TOPIC, dedup, group, body, attributes, Optional.empty())));
    }

    private record Changes(List<Message> messages) {
        Changes plus(Changes more) {
            List<Message> all = new ArrayList<>(messages);
            all.addAll(more.messages());
            return new Changes(all);
        }
    }

    private static final class FakeTopics implements TopicDirectory {
        final Set<String> created = new HashSet<>();
        final Set<String> refuse = new HashSet<>();
        Map<String, String> attributes;
        Map<String, String> tags;
        int calls;

        @Override
        public synchronized String create(String topicName, Map<String, String> attributes, Map<String, String> tags) {
            calls++;
            if (refuse.contains(topicName)) {
                throw new IllegalStateException("throttled");
            }
            created.add(topicName);
            this.attributes = attributes;
            this.tags = tags;
            return arn(topicName);
        }
    }

    /** Accepts every entry except those whose body it is told to leave pending; keeps what each destination got. */
    private static final class Recording implements BatchSender {
        final Set<String> pending = new HashSet<>();
        private final List<String[]> sent = new ArrayList<>();

        @Override
        public synchronized Result send(String address, List<Message> messages, List<Integer> chunk) {
            List<Integer> accepted = new ArrayList<>();
            List<Integer> left = new ArrayList<>();
            for (int i : chunk) {
                if (pending.contains(messages.get(i).body())) {
                    left.add(i);
                } else {
                    accepted.add(i);
                    sent.add(new String[] {address, messages.get(i).body()});
                }
            }
            return new Result(accepted, Map.of(), left, left.isEmpty() ? null : "injected", false);
        }

        synchronized List<String> received(String address) {
            return sent.stream().filter(s -> s[0].equals(address)).map(s -> s[1]).toList();
        }

        synchronized List<String> all() {
            return sent.stream().map(s -> s[1]).toList();
        }
    }
}
