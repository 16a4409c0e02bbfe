package io.stateapi.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackfillStatusTest {

    private static final Instant PLANNED = Instant.parse("2026-06-01T12:00:00Z");

    private static Backfill planned(long items) {
        return new Backfill(TenantNamespace.of("t", "orders"), PLANNED.minusSeconds(3600), 2,
                new BackfillRequest(false, 2, 100), "run", PLANNED.minusSeconds(30), PLANNED,
                Optional.of(new Backfill.Plan("plan", PLANNED, items)));
    }

    private static List<BackfillSegment> scanned(long each) {
        return List.of(
                new BackfillSegment(0, new KeyRange(Optional.empty(), Optional.empty()), Optional.empty(), true,
                        new BackfillCounts(each, each, 0, 0), List.of()),
                new BackfillSegment(1, new KeyRange(Optional.empty(), Optional.empty()), Optional.empty(), true,
                        new BackfillCounts(each, each - 1, 1, 0), List.of()));
    }

    @Test
    void aRunningBackfillReportsItsRateSoFarAndWhenItShouldEnd() {
        BackfillStatus status = BackfillStatus.of(planned(4000), BackfillState.RUNNING, scanned(500), Optional.empty(),
                Optional.empty(), PLANNED.plusSeconds(10));

        assertThat(status.rate()).isEqualTo(100.0);
        assertThat(status.estimatedEnd()).hasValue(PLANNED.plusSeconds(40));
    }

    @Test
    void aFinishedBackfillReportsItsAverageRateFromTheSplitToItsEndAndNoEstimatedEnd() {
        BackfillStatus status = BackfillStatus.of(planned(1000), BackfillState.DONE, scanned(500),
                Optional.of(PLANNED.plusSeconds(20)), Optional.empty(), PLANNED.plusSeconds(3600));

        assertThat(status.rate()).isEqualTo(50.0);
        assertThat(status.estimatedEnd()).isEmpty();
    }

    @Test
    void aBackfillThatEndedInTheMillisecondItWasSplitInStillReportsARate() {
        BackfillStatus status = BackfillStatus.of(planned(2), BackfillState.DONE, scanned(1), Optional.of(PLANNED),
                Optional.empty(), PLANNED.plusSeconds(60));

        assertThat(status.rate()).isEqualTo(2000.0);
    }
}
