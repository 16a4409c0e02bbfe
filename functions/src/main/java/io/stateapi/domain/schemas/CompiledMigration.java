package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;

/** A transform ready to run: compiled once, run by many requests at once. */
public interface CompiledMigration {

    /**
     * The value transformed. Runaway transforms are stopped (ADR 0057: a time and a recursion
     * bound per run, and the result's size), not left to the function's timeout.
     *
     * @throws TransformFailedException when the transform fails on this value or gives no JSON value
     */
    JsonDocument apply(JsonDocument value);
}
