package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.contracts.ChangeEventContract;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;

/** A message body asserted to keep the change event contract, parsed for further assertions. */
final class ValidChangeEvent {

    private ValidChangeEvent() {
    }

    static JsonNode of(String body) {
        assertThat(ChangeEventContract.violations(body)).as("contract violations of %s", body).isEmpty();
        return StateJson.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
