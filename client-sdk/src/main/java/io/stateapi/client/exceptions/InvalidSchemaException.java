package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.List;

/**
 * The schema is not one the service takes (HTTP 422, problem type {@code invalid-schema}): not a
 * JSON Schema 2020-12 document, another {@code $schema}, or a {@code $ref} that leaves the
 * document. No version was created.
 */
public class InvalidSchemaException extends StateApiException {

    private final List<String> reasons;

    public InvalidSchemaException(String message, int status, URI problemType, String detail, List<String> reasons) {
        super(message, status, problemType, detail, null);
        this.reasons = List.copyOf(reasons);
    }

    /** Why, for people: where in the schema and what is wrong there. */
    public List<String> reasons() {
        return reasons;
    }
}
