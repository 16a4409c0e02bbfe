package io.stateapi.domain.namespaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceSettingsTest {

    @Test
    void theDefaultsAreNoExpiryTheServicesValueLimitAndValuesInEvents() {
        assertThat(NamespaceSettings.DEFAULTS.defaultTtl()).isEmpty();
        assertThat(NamespaceSettings.DEFAULTS.maxValueBytes()).isEqualTo(JsonDocument.MAX_UTF8_BYTES);
        assertThat(NamespaceSettings.DEFAULTS.eventValues()).isTrue();
    }

    @Test
    void changesAreKeptSevenDaysByDefaultAndOneToThreeHundredSixtyFiveDaysWhenSet() {
        assertThat(NamespaceSettings.DEFAULTS.changeRetentionDays()).isEqualTo(7);
        assertThat(new NamespaceSettings(Optional.empty(), 1024, true, 365).changeRetention())
                .isEqualTo(java.time.Duration.ofDays(365));
        assertThatThrownBy(() -> new NamespaceSettings(Optional.empty(), 1024, true, 0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("changeRetentionDays");
        assertThatThrownBy(() -> new NamespaceSettings(Optional.empty(), 1024, true, 366))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("changeRetentionDays");
    }

    @Test
    void theLargestValueCannotExceedTheServicesLimitOrBeZero() {
        assertThatThrownBy(() -> new NamespaceSettings(Optional.empty(), JsonDocument.MAX_UTF8_BYTES + 1, true))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxValueBytes");
        assertThatThrownBy(() -> new NamespaceSettings(Optional.empty(), 0, true))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aWriteWithoutTtlGetsTheDefaultAndOneWithTtlKeepsItsOwn() {
        NamespaceSettings settings = new NamespaceSettings(Optional.of(new TimeToLive(3600)), 1024, true);

        assertThat(settings.ttlFor(null)).isEqualTo(new TimeToLive(3600));
        assertThat(settings.ttlFor(new TimeToLive(5))).isEqualTo(new TimeToLive(5));
        assertThat(NamespaceSettings.DEFAULTS.ttlFor(null)).isNull();
    }

    @Test
    void aValueLargerThanTheNamespaceTakesIsTooLargeAndNamesTheLimit() {
        NamespaceSettings settings = new NamespaceSettings(Optional.empty(), 8, true);

        settings.checkSize(new JsonDocument("\"123456\""));
        assertThatThrownBy(() -> settings.checkSize(new JsonDocument("\"1234567\"")))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.limitBytes()).isEqualTo(8));
    }
}
