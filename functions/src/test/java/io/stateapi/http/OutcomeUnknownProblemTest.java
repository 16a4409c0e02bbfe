package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.stateapi.domain.exceptions.OutcomeUnknownException;
import io.stateapi.json.StateJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A keyless write that may have been applied (ADR 0065) is its own 503 problem, with Retry-After. */
class OutcomeUnknownProblemTest {

    @Test
    void aWriteWhoseOutcomeIsUnknownIsA503OutcomeUnknownWithRetryAfter() {
        MutableHttpResponse<byte[]> response = Problems.from(new OutcomeUnknownException(
                "the write to key 'hits/home' may have been applied", Duration.ofSeconds(2), null),
                "/v1/namespaces/stats/counters/hits/home");
        JsonNode problem = StateJson.parse(response.body());

        assertThat(response.status().getCode()).isEqualTo(503);
        assertThat(response.getContentType()).hasValueSatisfying(type ->
                assertThat(type.toString()).isEqualTo(Problems.MEDIA_TYPE));
        assertThat(response.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(problem.get("type").asText()).isEqualTo("https://stateapi.io/problems/outcome-unknown");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).contains("may have been applied");
    }
}
