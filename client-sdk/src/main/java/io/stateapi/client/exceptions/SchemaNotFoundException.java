package io.stateapi.client.exceptions;

import java.net.URI;

/** The namespace has no schema of this version (HTTP 404, problem type {@code schema-not-found}). */
public class SchemaNotFoundException extends StateApiException {

    public SchemaNotFoundException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
