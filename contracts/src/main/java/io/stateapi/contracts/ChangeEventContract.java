package io.stateapi.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The change event contract, {@code contracts/events/change-event.schema.json} (JSON Schema
 * 2020-12, formats asserted, by networknt's validator), and the one rule the schema cannot
 * say: an event's {@code subject} is its key.
 */
public final class ChangeEventContract {

    public static final String LOCATION = "classpath:contracts/events/change-event.schema.json";

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(LOCATION), SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    /** Reads events as the schema sees them; numbers exact, so big values validate as they are. */
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ChangeEventContract() {
    }

    /** Every way an event (an SQS message body) breaks the contract; empty when it keeps it. */
    public static List<String> violations(String eventJson) {
        try {
            return violations(READER.readTree(eventJson));
        } catch (JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
    }

    /** Every way a parsed event breaks the contract; empty when it keeps it. */
    public static List<String> violations(JsonNode event) {
        List<String> violations = new ArrayList<>();
        SCHEMA.validate(event).forEach(message -> violations.add(message.getMessage()));
        if (violations.isEmpty() && !event.path("subject").asText().equals(event.path("data").path("key").asText())) {
            violations.add("subject " + event.path("subject") + " is not data.key " + event.path("data").path("key"));
        }
        return violations;
    }
}
