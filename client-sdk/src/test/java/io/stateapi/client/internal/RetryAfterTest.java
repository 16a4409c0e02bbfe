package io.stateapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static HttpHeaders retryAfter(String value) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (a, b) -> true);
    }

    @Test
    void secondsAreADuration() {
        assertThat(RetryAfter.of(retryAfter("7"), CLOCK)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3600).atOffset(ZoneOffset.UTC));

        assertThat(RetryAfter.of(retryAfter(inAnHour), CLOCK)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aDateInThePastMeansNow() {
        String anHourAgo = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(3600).atOffset(ZoneOffset.UTC));

        assertThat(RetryAfter.of(retryAfter(anHourAgo), CLOCK)).isZero();
    }

    @Test
    void anUnreadableOrMissingValueIsNoAdvice() {
        assertThat(RetryAfter.of(retryAfter("soon"), CLOCK)).isNull();
        assertThat(RetryAfter.of(HttpHeaders.of(Map.of(), (a, b) -> true), CLOCK)).isNull();
    }
}
