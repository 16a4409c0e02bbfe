package io.stateapi.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The trace header an invocation keeps for the items it writes (ADR 0050): only a well-formed one, only while it runs. */
class TraceHeaderTest {

    private static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    @AfterEach
    void clear() {
        MDC.clear();
        TraceHeader.set(null);
    }

    @Test
    void anInvocationKeepsItsRequestsHeaderUntilItEnds() {
        try (LogFields.Scope fields = LogFields.open("request-1", HEADER)) {
            assertThat(TraceHeader.current()).contains(HEADER);
        }
        assertThat(TraceHeader.current()).isEmpty();
    }

    @Test
    void anInvocationWithoutAHeaderHasNoneEvenAfterOneThatHadOne() {
        try (LogFields.Scope fields = LogFields.open("request-1", HEADER)) {
            assertThat(TraceHeader.current()).isPresent();
        }
        try (LogFields.Scope fields = LogFields.open("request-2", null)) {
            assertThat(TraceHeader.current()).isEmpty();
        }
    }

    @Test
    void aHeaderWithoutARootTooLongOrNotPrintableIsNotKept() {
        TraceHeader.set("Parent=53995c3f42cd8ad8;Sampled=1");
        assertThat(TraceHeader.current()).isEmpty();
        TraceHeader.set(HEADER + ";Lineage=" + "a".repeat(TraceHeader.MAX_LENGTH));
        assertThat(TraceHeader.current()).isEmpty();
        TraceHeader.set(HEADER + ";Note=caf\u00e9");
        assertThat(TraceHeader.current()).isEmpty();
        TraceHeader.set(HEADER + " ;Note=x");
        assertThat(TraceHeader.current()).isEmpty();
    }

    @Test
    void aLineAboutAnotherRequestsChangeCarriesThatTraceIdAndTheInvocationsComesBack() {
        try (LogFields.Scope fields = LogFields.open("fan-out", "Root=1-00000000-000000000000000000000001")) {
            LogFields.withTraceOf(HEADER, () ->
                    assertThat(MDC.get(LogFields.TRACE_ID)).isEqualTo("1-5759e988-bd862e3fe1be46a994272793"));
            LogFields.withTraceOf(null, () -> assertThat(MDC.get(LogFields.TRACE_ID)).isNull());
            assertThat(MDC.get(LogFields.TRACE_ID)).isEqualTo("1-00000000-000000000000000000000001");
        }
    }
}
