package io.stateapi.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code STATE_TOMBSTONE_RETENTION} (ADR 0019): 30 days unless set, and never shorter than the change queues keep events. */
class TombstoneRetentionSettingTest {

    private static ExpirySweepFunction.Configuration keeping(Duration retention) {
        return new ExpirySweepFunction.Configuration("dev", "state-api-dev-state", "state-api-dev-idempotency",
                "state-api-dev-catalog", retention, null, List.of());
    }

    @Test
    void unsetItIsThirtyDaysAndSetItIsAnIsoDuration() {
        assertThat(ExpirySweepFunction.Configuration.retention(null)).isEqualTo(Duration.ofDays(30));
        assertThat(ExpirySweepFunction.Configuration.retention(" ")).isEqualTo(Duration.ofDays(30));
        assertThat(ExpirySweepFunction.Configuration.retention("P90D")).isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> ExpirySweepFunction.Configuration.retention("30 days"))
                .hasMessageContaining(StateApiResources.ENV_TOMBSTONE_RETENTION);
    }

    @Test
    void aRetentionShorterThanTheChangeQueuesRetentionIsRefused() {
        assertThat(keeping(Duration.ofDays(14)).tombstoneRetention()).isEqualTo(Duration.ofDays(14));
        assertThatThrownBy(() -> keeping(Duration.ofDays(14).minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least");
    }
}
