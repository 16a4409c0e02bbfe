package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.json.StateJson;
import java.util.Iterator;
import java.util.Optional;

/**
 * The body of {@code PUT /v1/namespaces/{namespace}/schemas/{version}}:
 * {@code {"schema": {...}, "migration": {"jsonata": "..."}}}. The migration (ADR 0057) is the
 * transform from the previous version's values; the service, not this parser, judges it.
 *
 * @param schema    the JSON Schema document
 * @param migration the {@code migration} member as given; empty when left out
 */
record SchemaRequest(JsonDocument schema, Optional<JsonDocument> migration) {

    static final String SCHEMA = "schema";
    static final String MIGRATION = "migration";

    static SchemaRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("request body must be {\"schema\": <a JSON Schema 2020-12 document>}");
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with the member \"schema\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(SCHEMA) && !name.equals(MIGRATION)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: " + SCHEMA + ", " + MIGRATION);
            }
        }
        JsonNode schema = root.get(SCHEMA);
        if (schema == null) {
            throw new InvalidRequestException("member \"schema\" is required");
        }
        JsonNode migration = root.get(MIGRATION);
        return new SchemaRequest(StateJson.document(schema),
                migration == null ? Optional.empty() : Optional.of(StateJson.document(migration)));
    }
}
