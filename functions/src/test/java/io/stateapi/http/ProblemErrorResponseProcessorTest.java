package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.stateapi.json.StateJson;
import org.junit.jupiter.api.Test;

/** The framework's own errors rendered as problems; what a 5xx tells the client about repeating it. */
class ProblemErrorResponseProcessorTest {

    private static JsonNode problemFor(MutableHttpResponse<?> status) {
        HttpRequest<?> request = HttpRequest.PUT("/v1/namespaces/carts/keys/k", "{}");
        MutableHttpResponse<byte[]> problem = new ProblemErrorResponseProcessor()
                .processResponse(ErrorContext.builder(request).cause(new IllegalStateException("internal")).build(), status);
        return StateJson.parse(problem.body());
    }

    @Test
    void anInternalErrorSaysAWriteMayHaveBeenAppliedAndRepeatsOnlyWithItsIdempotencyKey() {
        JsonNode problem = problemFor(HttpResponse.serverError());

        assertThat(problem.get("type").asText()).isEqualTo(ProblemType.INTERNAL_ERROR.uri().toString());
        // A conditional write is not safe to repeat blindly: If-Match: * or If-None-Match: * can
        // apply twice, and If-Match: "v" can meet its own effect and report a conflict.
        assertThat(problem.get("detail").asText())
                .contains("may have been applied")
                .contains("Idempotency-Key")
                .doesNotContain("safe to retry");
    }
}
