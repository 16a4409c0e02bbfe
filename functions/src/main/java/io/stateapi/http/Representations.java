package io.stateapi.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.stateapi.domain.StateRecord;
import io.stateapi.json.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The JSON representation of a key's state, as GET and PUT return it. */
final class Representations {

    private Representations() {
    }

    static byte[] of(StateRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(record.value().json().length() + 256);
        try (JsonGenerator json = StateJson.mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", record.namespace().name());
            json.writeStringField("key", record.key().value());
            // The stored text is already compact, validated JSON: copy it instead of re-parsing.
            json.writeFieldName("value");
            json.writeRawValue(record.value().json());
            json.writeNumberField("version", record.version().value());
            json.writeStringField("createdAt", timestamp(record.createdAt()));
            json.writeStringField("updatedAt", timestamp(record.updatedAt()));
            if (record.expiresAt() == null) {
                json.writeNullField("expiresAt");
            } else {
                json.writeStringField("expiresAt", timestamp(record.expiresAt()));
            }
            if (record.schemaVersion().isPresent()) {
                json.writeNumberField("schemaVersion", record.schemaVersion().getAsLong());
            }
            if (record.storedSchemaVersion().isPresent()) {
                // Differs from schemaVersion when the value was upgraded on read (ADR 0057).
                json.writeNumberField("storedSchemaVersion", record.storedSchemaVersion().getAsLong());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** RFC 3339 in UTC. */
    private static String timestamp(Instant instant) {
        return instant.toString();
    }
}
