package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.resources.StateApiResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each tenant's change queue: named after the tenant, found or created on its first event with
 * the change queues' attributes, its URL kept; a queue that cannot be had now is a transient
 * failure, never cached (ADR 0024).
 */
class TenantQueuesTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("dev");
    private static final String DEAD_LETTER_ARN = "arn:aws:sqs:eu-west-1:123456789012:state-api-dev-changes-dlq.fifo";
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");
    private static final String ACME_QUEUE = "state-api-dev-events-acme.fifo";

    private final FakeQueueDirectory directory = new FakeQueueDirectory();
    private final TenantQueues queues = new TenantQueues(RESOURCES, DEAD_LETTER_ARN, directory);

    @Test
    void aTenantsFirstEventCreatesTheQueueNamedAfterTheTenant() {
        assertThat(queues.resolve(ACME)).isEqualTo(new TenantQueues.Destination.Queue(FakeQueueDirectory.urlOf(ACME_QUEUE)));
        assertThat(directory.names()).containsExactly(ACME_QUEUE);
    }

    @Test
    void eachTenantHasAQueueOfItsOwn() {
        TenantQueues.Destination acme = queues.resolve(ACME);
        TenantQueues.Destination globex = queues.resolve(GLOBEX);

        assertThat(acme).isNotEqualTo(globex);
        assertThat(globex).isEqualTo(new TenantQueues.Destination.Queue(
                FakeQueueDirectory.urlOf("state-api-dev-events-globex.fifo")));
    }

    @Test
    void theQueueIsCreatedFifoDeduplicatedPerKeyEncryptedAndRedrivenToTheSharedDeadLetterQueue() {
        queues.resolve(ACME);

        assertThat(directory.attributesOf(ACME_QUEUE)).contains(Map.of(
                "FifoQueue", "true",
                "ContentBasedDeduplication", "false",
                "DeduplicationScope", "messageGroup",
                "FifoThroughputLimit", "perMessageGroupId",
                "VisibilityTimeout", "60",
                "MessageRetentionPeriod", "1209600",
                "SqsManagedSseEnabled", "true",
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + DEAD_LETTER_ARN + "\",\"maxReceiveCount\":5}"));
    }

    @Test
    void theQueueIsTaggedWithTheProjectTheEnvironmentAndTheTenant() {
        queues.resolve(ACME);

        assertThat(directory.tagsOf(ACME_QUEUE)).contains(Map.of(
                "project", "state-api", "environment", "dev", "tenant", "acme"));
    }

    @Test
    void theUrlIsKeptSoLaterEventsCostNoSqsCall() {
        queues.resolve(ACME);
        int calls = directory.calls();

        assertThat(queues.resolve(ACME)).isInstanceOf(TenantQueues.Destination.Queue.class);
        assertThat(directory.calls()).isEqualTo(calls);
    }

    @Test
    void anExistingQueueIsUsedAsItIsWithoutCreatingIt() {
        directory.existsAlready(ACME_QUEUE, Map.of("FifoQueue", "true", "VisibilityTimeout", "300"));

        assertThat(queues.resolve(ACME)).isEqualTo(new TenantQueues.Destination.Queue(FakeQueueDirectory.urlOf(ACME_QUEUE)));
        assertThat(directory.creates()).isZero();
        assertThat(directory.attributesOf(ACME_QUEUE).orElseThrow()).containsEntry("VisibilityTimeout", "300");
    }

    @Test
    void aNameDeletedLessThanAMinuteAgoIsUnavailableUntilSqsTakesItAgain() {
        directory.delete(ACME_QUEUE);

        assertThat(queues.resolve(ACME)).isInstanceOfSatisfying(TenantQueues.Destination.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains(ACME_QUEUE, "deleted less than 60 s ago"));
        assertThat(queues.resolve(ACME)).as("not cached").isInstanceOf(TenantQueues.Destination.Unavailable.class);

        directory.allowRecreation(ACME_QUEUE);
        assertThat(queues.resolve(ACME)).isEqualTo(new TenantQueues.Destination.Queue(FakeQueueDirectory.urlOf(ACME_QUEUE)));
    }

    @Test
    void aQueueCreatedWithOtherAttributesBetweenLookupAndCreateIsUnavailableThenFoundOnTheRetry() {
        directory.raceTheNextCreate();

        assertThat(queues.resolve(ACME)).isInstanceOfSatisfying(TenantQueues.Destination.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains(ACME_QUEUE, "other attributes"));
        assertThat(queues.resolve(ACME)).isEqualTo(new TenantQueues.Destination.Queue(FakeQueueDirectory.urlOf(ACME_QUEUE)));
        assertThat(directory.creates()).isEqualTo(1);
    }

    @Test
    void aFailedLookupIsUnavailableNotAnExceptionAndIsNotCached() {
        directory.failNextCall(new IllegalStateException("Rate exceeded"));

        assertThat(queues.resolve(ACME)).isInstanceOfSatisfying(TenantQueues.Destination.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("Rate exceeded"));
        assertThat(queues.resolve(ACME)).isInstanceOf(TenantQueues.Destination.Queue.class);
    }

    @Test
    void aForgottenUrlIsLookedUpAgainAndTheQueueCreatedAgainOnceSqsAllows() {
        String url = ((TenantQueues.Destination.Queue) queues.resolve(ACME)).url();
        directory.delete(ACME_QUEUE);

        queues.forget(url);

        assertThat(queues.resolve(ACME)).isInstanceOf(TenantQueues.Destination.Unavailable.class);
        directory.allowRecreation(ACME_QUEUE);
        assertThat(queues.resolve(ACME)).isEqualTo(new TenantQueues.Destination.Queue(url));
    }

    @Test
    void lookingAQueueUpCreatesNothing() {
        assertThat(queues.existing(ACME)).isEmpty();
        assertThat(directory.names()).isEmpty();

        queues.resolve(ACME);
        assertThat(queues.existing(ACME)).contains(FakeQueueDirectory.urlOf(ACME_QUEUE));
    }
}
