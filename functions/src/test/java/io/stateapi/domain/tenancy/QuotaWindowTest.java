package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaWindowTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void anInstantBelongsToTheSecondItFallsIn() {
        QuotaWindow window = QuotaWindow.containing(Instant.parse("2026-12-09T10:15:30.250Z"), SECOND);

        assertThat(window.start()).isEqualTo(Instant.parse("2026-12-09T10:15:30Z"));
        assertThat(window.end()).isEqualTo(Instant.parse("2026-12-09T10:15:31Z"));
    }

    @Test
    void theFirstAndLastInstantsOfASecondShareItsWindow() {
        assertThat(QuotaWindow.containing(Instant.parse("2026-12-09T10:15:30Z"), SECOND))
                .isEqualTo(QuotaWindow.containing(Instant.parse("2026-12-09T10:15:30.999999999Z"), SECOND));
        assertThat(QuotaWindow.containing(Instant.parse("2026-12-09T10:15:31Z"), SECOND))
                .isEqualTo(QuotaWindow.containing(Instant.parse("2026-12-09T10:15:30Z"), SECOND).next());
    }

    @Test
    void longerWindowsAlignOnTheEpochSoEveryInstanceAgrees() {
        QuotaWindow window = QuotaWindow.containing(Instant.parse("2026-12-09T10:15:30.200Z"), MINUTE);

        assertThat(window.start()).isEqualTo(Instant.parse("2026-12-09T10:15:00Z"));
        assertThat(window.next().start()).isEqualTo(Instant.parse("2026-12-09T10:16:00Z"));
    }

    @Test
    void instantsBeforeTheEpochAlignToo() {
        assertThat(QuotaWindow.containing(Instant.ofEpochSecond(-1, 500_000_000), MINUTE).start())
                .isEqualTo(Instant.ofEpochSecond(-60));
    }

    @Test
    void retryAfterIsTheTimeLeftInTheWindowRoundedUpToWholeSeconds() {
        QuotaWindow window = QuotaWindow.containing(Instant.parse("2026-12-09T10:15:00Z"), MINUTE);

        assertThat(window.retryAfter(Instant.parse("2026-12-09T10:15:00Z"))).isEqualTo(Duration.ofSeconds(60));
        assertThat(window.retryAfter(Instant.parse("2026-12-09T10:15:30.200Z"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(window.retryAfter(Instant.parse("2026-12-09T10:15:31Z"))).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        QuotaWindow window = QuotaWindow.containing(Instant.parse("2026-12-09T10:15:30Z"), SECOND);

        assertThat(window.retryAfter(Instant.parse("2026-12-09T10:15:30Z"))).isEqualTo(SECOND);
        assertThat(window.retryAfter(Instant.parse("2026-12-09T10:15:30.999999999Z"))).isEqualTo(SECOND);
        assertThat(window.retryAfter(Instant.parse("2026-12-09T10:15:31Z"))).as("at its end").isEqualTo(SECOND);
    }

    @Test
    void aWindowLastsWholeSecondsAndStartsOnAMultipleOfItsLength() {
        assertThatThrownBy(() -> QuotaWindow.containing(Instant.EPOCH, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaWindow(Instant.parse("2026-12-09T10:15:30Z"), MINUTE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuotaWindow(Instant.parse("2026-12-09T10:15:30.5Z"), SECOND))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
