package io.stateapi.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.exceptions.SchemaViolationException;
import io.stateapi.domain.schemas.SchemaViolation;

/**
 * The members of a {@code schema-violation} problem (ADR 0052): the schema version that refused
 * the value, each violation as a JSON Pointer into the value and a message, and, in a
 * transaction, the operation that carried it.
 */
final class SchemaProblems {

    /** Violations listed at most: the count says how many there were. */
    static final int MAX_LISTED = 100;

    private SchemaProblems() {
    }

    static void violations(ObjectNode body, SchemaViolationException e) {
        body.put("namespace", e.namespace().value());
        body.put("schemaVersion", e.schemaVersion());
        e.operation().ifPresent(operation -> {
            body.put("index", operation.index());
            body.put("key", operation.key().value());
        });
        body.put("violationCount", e.violations().size());
        ArrayNode list = body.putArray("violations");
        e.violations().stream().limit(MAX_LISTED).forEach((SchemaViolation v) -> list.addObject()
                .put("pointer", v.pointer()).put("message", v.message()));
    }
}
