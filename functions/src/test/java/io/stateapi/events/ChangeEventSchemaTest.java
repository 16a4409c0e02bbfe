package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.contracts.ChangeEventContract;
import io.stateapi.json.StateJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The published examples follow the schema, and the schema is strict enough to catch a wrong event. */
class ChangeEventSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"created", "updated", "deleted", "expired", "updated-value-omitted", "created-event-values-off"})
    void everyExampleIsValid(String name) {
        assertThat(ChangeEventContract.violations(example(name))).isEmpty();
    }

    @Test
    void aDeletedEventWithAValueIsInvalid() {
        ObjectNode event = example("deleted");
        ((ObjectNode) event.get("data")).put("value", 1);

        assertThat(ChangeEventContract.violations(event)).isNotEmpty();
    }

    @Test
    void anEventWithoutTheOmissionFlagIsInvalid() {
        ObjectNode event = example("updated");
        ((ObjectNode) event.get("data")).remove("valueOmitted");

        assertThat(ChangeEventContract.violations(event)).isNotEmpty();
    }

    @Test
    void anEventThatOmitsValuesMustNotCarryThem() {
        ObjectNode event = example("updated-value-omitted");
        ((ObjectNode) event.get("data")).put("value", "x");

        assertThat(ChangeEventContract.violations(event)).isNotEmpty();
    }

    @Test
    void anUnknownTypeIsInvalid() {
        ObjectNode event = example("created");
        event.put("type", "io.stateapi.key.renamed");

        assertThat(ChangeEventContract.violations(event)).isNotEmpty();
    }

    @Test
    void aTimeThatIsNotRfc3339IsInvalid() {
        ObjectNode event = example("created");
        event.put("time", "yesterday");

        assertThat(ChangeEventContract.violations(event)).isNotEmpty();
    }

    private static ObjectNode example(String name) {
        try (InputStream in = ChangeEventSchemaTest.class.getResourceAsStream("/contracts/events/examples/" + name + ".json")) {
            JsonNode node = StateJson.mapper().readTree(in);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
