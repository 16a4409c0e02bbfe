package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void backoffIsJitteredBelowAnExponentialCeilingCappedAtMaxDelay() {
        RetryPolicy policy = RetryPolicy.builder().baseDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(1000)).build();
        for (int i = 0; i < 1000; i++) {
            assertThat(Backoff.delay(policy, 1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(Backoff.delay(policy, 3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(Backoff.delay(policy, 40)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        }
    }

    @Test
    void theRetryBudgetIsSpentByRetriesAndRefilledBySuccessesUpToItsCapacity() {
        RetryBudget budget = new RetryBudget(3);

        assertThat(budget.tryAcquire(2)).isTrue();
        assertThat(budget.tryAcquire(2)).isFalse();
        budget.refund(10);

        assertThat(budget.available()).isEqualTo(3);
    }
}
