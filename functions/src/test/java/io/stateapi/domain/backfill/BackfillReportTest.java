package io.stateapi.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackfillReportTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private static Backfill backfill(String namespace) {
        return new Backfill(TenantNamespace.of("t", namespace), T0, 2, new BackfillRequest(false, 2, 100), "run",
                T0, T0, Optional.empty());
    }

    @Test
    void addsTheReportsOfEveryBackfill() {
        BackfillReport report = BackfillReport.ofEach(List.of(backfill("a"), backfill("b")),
                b -> b.namespace().equals(TenantNamespace.of("t", "a"))
                        ? new BackfillReport(5, 1, 1, 0) : new BackfillReport(3, 0, 0, 1));

        assertThat(report).isEqualTo(new BackfillReport(8, 1, 1, 1));
    }

    @Test
    void aFailingBackfillDoesNotKeepTheOthersFromTheirTurnAndTheFirstFailureIsThrownWithTheRestSuppressed() {
        List<String> advanced = new ArrayList<>();
        RuntimeException first = new IllegalStateException("a failed");
        RuntimeException second = new IllegalStateException("c failed");

        assertThatThrownBy(() -> BackfillReport.ofEach(List.of(backfill("a"), backfill("b"), backfill("c")), b -> {
            String name = b.namespace().toString();
            advanced.add(name);
            if (name.endsWith("a")) {
                throw first;
            }
            if (name.endsWith("c")) {
                throw second;
            }
            return BackfillReport.STILL_RUNNING;
        })).isSameAs(first).satisfies(thrown -> assertThat(thrown.getSuppressed()).containsExactly(second));
        assertThat(advanced).hasSize(3);
    }

    @Test
    void noBackfillsIsNone() {
        assertThat(BackfillReport.ofEach(List.of(), b -> BackfillReport.STILL_RUNNING)).isEqualTo(BackfillReport.NONE);
    }
}
