package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import java.util.List;

/** A schema ready to check values with: compiled once, used by many requests at once. */
public interface CompiledSchema {

    /** Every violation of the schema by {@code value}; empty when it matches. */
    List<SchemaViolation> violations(JsonDocument value);
}
