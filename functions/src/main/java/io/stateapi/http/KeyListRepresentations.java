package io.stateapi.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.stateapi.domain.listing.KeyListPage;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.json.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON of a listing page: {@code {"namespace", "prefix", "items": [...], "nextCursor"}}. An
 * item has no {@code value} member when values were not asked for ({@code null} is a value).
 */
final class KeyListRepresentations {

    private KeyListRepresentations() {
    }

    static byte[] of(KeyListPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + page.keys().size() * 160);
        try (JsonGenerator json = StateJson.mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", page.namespace().name());
            json.writeStringField("prefix", page.prefix().value());
            json.writeArrayFieldStart("items");
            for (ListedKey key : page.keys()) {
                item(json, key);
            }
            json.writeEndArray();
            if (page.nextCursor().isPresent()) {
                json.writeStringField("nextCursor", page.nextCursor().get());
            } else {
                json.writeNullField("nextCursor");
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void item(JsonGenerator json, ListedKey key) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", key.key().value());
        json.writeNumberField("version", key.version().value());
        json.writeStringField("createdAt", key.createdAt().toString());
        json.writeStringField("updatedAt", key.updatedAt().toString());
        if (key.expiresAt().isPresent()) {
            json.writeStringField("expiresAt", key.expiresAt().get().toString());
        } else {
            json.writeNullField("expiresAt");
        }
        if (key.schemaVersion().isPresent()) {
            json.writeNumberField("schemaVersion", key.schemaVersion().getAsLong());
        }
        if (key.storedSchemaVersion().isPresent()) {
            json.writeNumberField("storedSchemaVersion", key.storedSchemaVersion().getAsLong());
        }
        if (key.value().isPresent()) {
            // The stored text is already compact, validated JSON: copy it instead of re-parsing.
            json.writeFieldName("value");
            json.writeRawValue(key.value().get().json());
        }
        json.writeEndObject();
    }
}
