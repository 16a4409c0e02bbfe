package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stateapi.local.ChangePipeline;
import io.stateapi.local.LocalStack;
import io.stateapi.local.StreamPoller;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's queue that SQS will not create for now is a transient failure of the fan-out:
 * its events, and those behind them on the shard, wait for the retry, then arrive exactly once
 * and in version order per key, each on its own tenant's queue (ADR 0021, 0024).
 */
class TenantQueueFaultsTest {

    private static final StreamPoller.Settings FAST_RETRIES = StreamPoller.Settings.local()
            .withMaximumRetryAttempts(4)
            .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(200));
    private static final List<String> KEYS = List.of("k/1", "k/2", "k/3");
    private static final List<String> LIFECYCLE = List.of("created@1", "updated@2", "deleted@3", "created@4");

    private LocalStack stack;
    private TenantWrites writes;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aQueueNameSqsRefusesForAMinuteAfterADeletionHoldsEventsBackUntilItCanBeMadeThenDeliversThemOnceInOrder()
            throws IOException {
        SqsFaults.QueueDeletedRecently refused = new SqsFaults.QueueDeletedRecently("-events-hotel.fifo", 2);
        StateApiResources resources = StateApiResources.forEnvironment("events-tenant-faults");
        stack = LocalStack.start(TestStack.emulator(), resources, 0, ChangePipeline.Options.defaults()
                .withSettings(FAST_RETRIES).withFanOutInterceptors(refused), TestStack.issuer());
        stack.expirySweeps().setEnabled(false);
        writes = new TenantWrites(stack.apiEndpoint());

        stack.changes().poller().setEnabled(false);
        for (int step = 0; step < LIFECYCLE.size(); step++) {
            for (String key : KEYS) {
                for (String tenant : List.of("india", "hotel")) {
                    int status = step == 2 ? writes.delete(tenant, "orders", key)
                            : writes.put(tenant, "orders", key, "{\"step\":" + step + "}");
                    assertThat(status).isBetween(200, 204);
                }
            }
        }
        stack.changes().poller().setEnabled(true);
        StreamPoller poller = stack.changes().poller();
        long mark = poller.idleRounds();
        await().atMost(Duration.ofSeconds(90)).until(() -> poller.idleRounds() >= mark + 2);

        assertThat(refused.refusals()).isEqualTo(2);
        assertThat(stack.changes().existingQueueOf("hotel")).as("made by the fan-out").isPresent();
        for (String tenant : List.of("hotel", "india")) {
            try (ChangeQueueReader queue = new ChangeQueueReader(stack.changes(), tenant)) {
                List<ChangeQueueReader.Received> all = queue.drain();
                for (String key : KEYS) {
                    assertThat(queue.changesOf(key)).as("%s %s", tenant, key).containsExactlyElementsOf(LIFECYCLE);
                }
                assertThat(all).hasSize(KEYS.size() * LIFECYCLE.size());
                assertThat(all).extracting(ChangeQueueReader.Received::deduplicationId).doesNotHaveDuplicates();
            }
        }
        assertThat(StreamFailureQueue.messages(stack.changes().queues().streamFailure())).isEmpty();
    }
}
