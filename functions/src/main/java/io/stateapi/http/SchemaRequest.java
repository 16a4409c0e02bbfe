package io.stateapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.json.StateJson;
import java.util.Iterator;

/**
 * The body of {@code PUT /v1/namespaces/{namespace}/schemas/{version}}: {@code {"schema": {...}}}.
 * An envelope rather than the bare schema, so that a version can come with more: the member
 * {@code migration} (the transform from the previous version, ADR 0052) is its place, refused
 * until migrations exist so that no client comes to rely on it being ignored.
 */
final class SchemaRequest {

    static final String SCHEMA = "schema";
    static final String MIGRATION = "migration";

    private SchemaRequest() {
    }

    static JsonDocument parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("request body must be {\"schema\": <a JSON Schema 2020-12 document>}");
        }
        JsonNode root = StateJson.parse(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with the member \"schema\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals(MIGRATION)) {
                throw new InvalidRequestException("\"migration\" is not supported yet: a schema version is created"
                        + " without one, and existing values are not transformed");
            }
            if (!name.equals(SCHEMA)) {
                throw new InvalidRequestException("unknown member \"" + name + "\"; allowed: " + SCHEMA);
            }
        }
        JsonNode schema = root.get(SCHEMA);
        if (schema == null) {
            throw new InvalidRequestException("member \"schema\" is required");
        }
        return StateJson.document(schema);
    }
}
