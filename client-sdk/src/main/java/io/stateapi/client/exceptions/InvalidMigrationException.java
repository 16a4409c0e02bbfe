package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.List;

/**
 * The schema version's migration is not one the service takes (HTTP 422, problem type
 * {@code invalid-migration}): not {@code {"jsonata": "<expression>"}}, an expression that does not
 * compile, or a migration on version 1. No version was created.
 */
public class InvalidMigrationException extends StateApiException {

    private final List<String> reasons;

    public InvalidMigrationException(String message, int status, URI problemType, String detail, List<String> reasons) {
        super(message, status, problemType, detail, null);
        this.reasons = List.copyOf(reasons);
    }

    /** Why, for people: the parser's message and position, or what is wrong with the member. */
    public List<String> reasons() {
        return reasons;
    }
}
