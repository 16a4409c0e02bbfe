package io.stateapi.domain.schemas;

import java.util.Objects;

/**
 * One way a value fails its namespace's schema.
 *
 * @param pointer where in the value, as a JSON Pointer (RFC 6901); {@code ""} is the whole value
 * @param message what the schema asks there, for people
 */
public record SchemaViolation(String pointer, String message) {

    public SchemaViolation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }
}
