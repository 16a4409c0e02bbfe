package io.stateapi.domain.exceptions;

import java.util.List;

/**
 * A schema that cannot be a namespace's schema (ADR 0052): not a JSON Schema 2020-12 document,
 * or one that refers to another document ({@code $ref} to anything but a place in itself).
 * No version was created.
 */
public final class InvalidSchemaException extends StateApiException {

    private final List<String> reasons;

    public InvalidSchemaException(List<String> reasons) {
        super("not a schema this API takes: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
