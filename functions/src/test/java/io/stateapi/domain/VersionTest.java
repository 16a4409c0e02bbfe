package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void versionsStartAtOneAndRiseByOne() {
        assertThat(Version.FIRST.value()).isEqualTo(1);
        assertThat(Version.FIRST.next()).isEqualTo(Version.of(2));
    }

    @Test
    void versionsArePositive() {
        assertThatThrownBy(() -> Version.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ttlExpiresWholeSecondsAfterNow() {
        Instant now = Instant.parse("2026-01-01T00:00:00.900Z");
        assertThat(new TimeToLive(10).expiryAfter(now)).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    }

    @Test
    void ttlIsBetweenOneSecondAndTenYears() {
        assertThatThrownBy(() -> new TimeToLive(0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new TimeToLive(TimeToLive.MAX_SECONDS + 1)).isInstanceOf(InvalidRequestException.class);
        assertThat(new TimeToLive(TimeToLive.MAX_SECONDS).seconds()).isEqualTo(TimeToLive.MAX_SECONDS);
    }
}
