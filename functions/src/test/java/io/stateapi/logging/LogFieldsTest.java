package io.stateapi.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogFieldsTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void theTraceIdIsTheRootOfATraceHeader() {
        assertThat(LogFields.traceId("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
                .contains("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(LogFields.traceId("Self=1-67891234-12456789abcdef012345678;Root=1-5759e988-bd862e3fe1be46a994272793"))
                .contains("1-5759e988-bd862e3fe1be46a994272793");
    }

    @Test
    void aHeaderWithoutARootHasNoTraceId() {
        assertThat(LogFields.traceId(null)).isEmpty();
        assertThat(LogFields.traceId("Parent=53995c3f42cd8ad8;Sampled=1")).isEmpty();
        assertThat(LogFields.traceId("Root=")).isEmpty();
    }

    @Test
    void anInvocationStartsWithoutWhatAnEarlierOneLeftAndEndsWithNothingLeft() {
        MDC.put("AWSRequestId", "left by the framework");
        MDC.put(LogFields.ROUTE, "/an/earlier/route");

        try (LogFields.Scope fields = LogFields.open("request-2", "Root=1-5759e988-bd862e3fe1be46a994272793")) {
            assertThat(MDC.getCopyOfContextMap()).containsOnlyKeys(LogFields.REQUEST_ID, LogFields.TRACE_ID)
                    .containsEntry(LogFields.REQUEST_ID, "request-2");
        }

        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void aMissingValueIsLeftOut() {
        try (LogFields.Scope fields = LogFields.open(null, null)) {
            LogFields.put(LogFields.NAMESPACE, null);
            assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
        }
    }
}
