package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.RetryPolicy;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackoffAndRetryAfterTest {

    private static HttpHeaders retryAfter(String value) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (a, b) -> true);
    }

    @Test
    void retryAfterInSecondsIsADuration() {
        assertThat(Transport.retryAfter(retryAfter("7"))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));

        assertThat(Transport.retryAfter(retryAfter(inAnHour)))
                .isBetween(Duration.ofMinutes(58), Duration.ofMinutes(60));
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(Transport.retryAfter(retryAfter("soon"))).isNull();
        assertThat(Transport.retryAfter(HttpHeaders.of(Map.of(), (a, b) -> true))).isNull();
    }

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
