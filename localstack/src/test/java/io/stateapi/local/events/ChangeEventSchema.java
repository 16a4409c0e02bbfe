package io.stateapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.stateapi.json.StateJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The change event contract ({@code contracts/events/change-event.schema.json}), for assertions. */
final class ChangeEventSchema {

    static final String RESOURCE = "/contracts/events/change-event.schema.json";

    private static final JsonSchema SCHEMA = load();

    private ChangeEventSchema() {
    }

    /** Asserts that a message body is a valid change event, and returns it parsed. */
    static JsonNode assertValid(String body) {
        JsonNode event = StateJson.parse(body.getBytes(StandardCharsets.UTF_8));
        Set<ValidationMessage> problems = SCHEMA.validate(event);
        assertThat(problems).as("schema violations of %s", body).isEmpty();
        assertThat(event.path("subject").asText()).isEqualTo(event.path("data").path("key").asText());
        return event;
    }

    static Set<ValidationMessage> validate(JsonNode event) {
        return SCHEMA.validate(event);
    }

    private static JsonSchema load() {
        try (InputStream in = ChangeEventSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
