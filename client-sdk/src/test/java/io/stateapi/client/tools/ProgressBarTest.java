package io.stateapi.client.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.client.BackfillStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");

    private static BackfillStatus status(BackfillStatus.State state, long scanned, Long planned, Instant eta) {
        return new BackfillStatus(2, state, false, 4, 100, scanned, scanned - 12, 10, 2, List.of(), planned,
                NOW.minusSeconds(60), NOW.minusSeconds(30), null, 210.54, eta, null);
    }

    @Test
    void aRunningBackfillShowsItsShareDoneItsCountsItsRateAndItsEta() {
        String line = ProgressBar.line(status(BackfillStatus.State.RUNNING, 5_000, 10_000L, NOW.plusSeconds(83)), NOW);

        assertThat(line).isEqualTo("[==============>               ]  50%  5,000/10,000  upgraded 4,988  current 10"
                + "  failed 2  210.5/s  ETA 0:01:23");
    }

    @Test
    void beforeTheNamespaceIsSplitTheTotalIsUnknownAndTheBarEmpty() {
        String line = ProgressBar.line(status(BackfillStatus.State.RUNNING, 0, null, null), NOW);

        assertThat(line).startsWith("[" + " ".repeat(ProgressBar.WIDTH) + "]   0%  0/?");
    }

    @Test
    void aDoneBackfillShowsAFullBar() {
        String line = ProgressBar.line(status(BackfillStatus.State.DONE, 10_000, 10_000L, null), NOW);

        assertThat(line).startsWith("[" + "=".repeat(ProgressBar.WIDTH) + "] 100%").endsWith("done");
    }
}
