package io.stateapi.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.stateapi.domain.history.HistoryEntry;
import io.stateapi.domain.history.HistoryService;
import io.stateapi.domain.history.VersionsPage;
import io.stateapi.json.StateJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON of a key's history (ADR 0036): a page of its versions, and one past version. */
final class HistoryRepresentations {

    private HistoryRepresentations() {
    }

    /** {@code {"namespace", "key", "items": [{version, change, committedAt, value?}], "nextCursor"}}. */
    static byte[] of(VersionsPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + page.entries().size() * 160);
        try (JsonGenerator json = StateJson.mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", page.namespace().name());
            json.writeStringField("key", page.key().value());
            json.writeArrayFieldStart("items");
            for (HistoryEntry entry : page.entries()) {
                json.writeStartObject();
                fields(json, entry);
                json.writeEndObject();
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

    /** {@code {"namespace", "key", "version", "change", "committedAt", "value"}}. */
    static byte[] of(HistoryService.VersionedValue version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = StateJson.mapper().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("namespace", version.namespace().name());
            json.writeStringField("key", version.key().value());
            fields(json, version.entry());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A change's members, as the history and the watch (ADR 0037) write them. */
    static void fields(JsonGenerator json, HistoryEntry entry) throws IOException {
        json.writeNumberField("version", entry.version().value());
        json.writeStringField("change", entry.change().label());
        json.writeStringField("committedAt", entry.committedAt().toString());
        if (entry.value().isPresent()) {
            // The stored text is already compact, validated JSON: copy it instead of re-parsing.
            json.writeFieldName("value");
            json.writeRawValue(entry.value().get().json());
        }
        if (entry.schemaVersion().isPresent()) {
            json.writeNumberField("schemaVersion", entry.schemaVersion().getAsLong());
        }
    }
}
