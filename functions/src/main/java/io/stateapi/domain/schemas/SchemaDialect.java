package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.exceptions.InvalidSchemaException;

/**
 * The port to a JSON Schema implementation (ADR 0052). It never fetches anything: a schema that
 * refers to another document is refused, so compiling and checking need no network.
 */
public interface SchemaDialect {

    /**
     * The schema, compiled.
     *
     * @throws InvalidSchemaException when it is not a JSON Schema 2020-12 document, or refers to another document
     */
    CompiledSchema compile(JsonDocument schema);
}
