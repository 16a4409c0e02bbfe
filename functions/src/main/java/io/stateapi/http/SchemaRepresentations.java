package io.stateapi.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.schemas.SchemaCatalog;
import io.stateapi.domain.schemas.SchemaService;
import io.stateapi.domain.schemas.ValueSchema;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;

/** The JSON representations of schema versions: one with its document, and a namespace's list. */
final class SchemaRepresentations {

    private SchemaRepresentations() {
    }

    /** {@code {"version": 2, "active": true, "createdAt": "...", "schema": {...}, "migration": {...} | null}} */
    static byte[] of(ValueSchema schema, boolean active) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        body.put("version", schema.version());
        body.put("active", active);
        body.put("createdAt", schema.createdAt().toString());
        body.set("schema", StateJson.parse(schema.schema().json().getBytes(StandardCharsets.UTF_8)));
        // null: values of the version before are carried forward as they are (always so for version 1).
        schema.migration().ifPresentOrElse(
                migration -> body.set("migration", StateJson.parse(migration.json().getBytes(StandardCharsets.UTF_8))),
                () -> body.putNull("migration"));
        return bytes(body);
    }

    /** {@code {"activeVersion": 2 | null, "schemas": [{"version": 1, "active": false, "createdAt": "..."}]}} */
    static byte[] of(SchemaService.SchemaListing listing) {
        ObjectNode body = StateJson.mapper().createObjectNode();
        listing.activeVersion().ifPresentOrElse(v -> body.put("activeVersion", v), () -> body.putNull("activeVersion"));
        ArrayNode schemas = body.putArray("schemas");
        for (SchemaCatalog.SchemaSummary summary : listing.versions()) {
            ObjectNode entry = schemas.addObject();
            entry.put("version", summary.version());
            entry.put("active", listing.activeVersion().orElse(0) == summary.version());
            entry.put("createdAt", summary.createdAt().toString());
        }
        return bytes(body);
    }

    private static byte[] bytes(ObjectNode body) {
        return StateJson.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
