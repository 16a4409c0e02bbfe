package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * A key's past version that cannot be read or restored (HTTP 404, problem type
 * {@code version-not-found}, ADR 0036): never existed, past the namespace's retention, not
 * recorded yet, or (for a read) a delete. The detail says which.
 */
public class VersionNotFoundException extends KeyNotFoundException {

    public VersionNotFoundException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
