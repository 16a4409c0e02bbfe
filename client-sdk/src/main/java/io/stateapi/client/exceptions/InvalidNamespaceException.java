package io.stateapi.client.exceptions;

import java.net.URI;

/** The namespace does not match {@code ^[a-z0-9][a-z0-9._-]{0,62}$} (problem type {@code invalid-namespace}). */
public class InvalidNamespaceException extends InvalidRequestException {

    public InvalidNamespaceException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail);
    }
}
