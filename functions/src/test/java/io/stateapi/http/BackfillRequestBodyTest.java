package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The body that starts a backfill, read as its contract describes it (JSON Schema integers). */
class BackfillRequestBodyTest {

    private static BackfillRequest read(String json) {
        return BackfillRepresentations.request(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Schemathesis sent 13.0, which JSON Schema's {@code integer} includes, and got 400. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"segments\": 13, \"itemsPerSecond\": 200}", "{\"segments\": 13.0, \"itemsPerSecond\": 2.0e2}"})
    void aWholeNumberIsAWholeNumberWithOrWithoutAFractionPoint(String body) {
        BackfillRequest request = read(body);

        assertThat(request.segments()).isEqualTo(13);
        assertThat(request.itemsPerSecond()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"segments\": 1.5}", "{\"segments\": \"4\"}", "{\"itemsPerSecond\": 1e12}", "{\"segments\": true}"})
    void anythingElseIsRefused(String body) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must be a whole number");
    }
}
