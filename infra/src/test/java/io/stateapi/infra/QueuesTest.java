package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.resources.StateApiResources;
import io.stateapi.resources.Queues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueuesTest {

    private static final String QUEUE = "AWS::SQS::Queue";

    /**
     * Change events go to one queue per tenant, which the fan-out creates on the tenant's first
     * event (ADR 0015): no queue in the template carries events of several tenants.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void thereIsNoSharedChangeQueueAndNoTenantQueueInTheTemplate(String env) {
        Synthesized s = Synthesized.of(env);
        StateApiResources resources = StateApiResources.forEnvironment(env);

        assertThat(s.resources(QUEUE).values()).map(q -> Synthesized.properties(q).get("QueueName"))
                .containsExactlyInAnyOrder(resources.changesDeadLetterQueueName(), resources.streamFailureQueueName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theTenantQueuesSharedDeadLetterQueueIsFifoAndKeepsMessagesTheLongestSqsAllows(String env) {
        Synthesized s = Synthesized.of(env);
        String dlq = s.idOf(QUEUE, "QueueName", StateApiResources.forEnvironment(env).changesDeadLetterQueueName());

        assertThat(s.props(dlq)).containsEntry("FifoQueue", true)
                .containsEntry("MessageRetentionPeriod", Queues.RETENTION_SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void streamFailureQueueIsAStandardQueue(String env) {
        Synthesized s = Synthesized.of(env);
        String dlq = s.idOf(QUEUE, "QueueName", StateApiResources.forEnvironment(env).streamFailureQueueName());

        assertThat(s.props(dlq)).doesNotContainKey("FifoQueue")
                .containsEntry("MessageRetentionPeriod", Queues.RETENTION_SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyQueueIsEncryptedAndRefusesPlainHttp(String env) {
        Synthesized s = Synthesized.of(env);
        Map<String, Map<String, Object>> queues = s.resources(QUEUE);

        assertThat(queues).hasSize(2);
        assertThat(queues.values()).allSatisfy(q ->
                assertThat(Synthesized.properties(q)).containsEntry("SqsManagedSseEnabled", true));
        List<Object> policies = s.resources("AWS::SQS::QueuePolicy").values().stream()
                .map(p -> Synthesized.properties(p).get("PolicyDocument").toString()).map(Object.class::cast).toList();
        for (String queueId : queues.keySet()) {
            assertThat(policies).as("a policy denying non-TLS access to " + queueId)
                    .anySatisfy(p -> assertThat(p.toString())
                            .contains("aws:SecureTransport=false").contains("Effect=Deny").contains(queueId));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void queuesAreRetainedWhereDataIsProtected(String env) {
        boolean protectData = EnvironmentConfig.named(env).protectData();

        assertThat(Synthesized.of(env).resources(QUEUE).values()).allSatisfy(q ->
                assertThat(q.get("DeletionPolicy")).isEqualTo(protectData ? "Retain" : "Delete"));
    }
}
