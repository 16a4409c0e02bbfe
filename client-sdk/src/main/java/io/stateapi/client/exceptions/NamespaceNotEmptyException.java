package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * A namespace that still holds keys cannot be deleted (HTTP 409, problem type
 * {@code namespace-not-empty}). Nothing was deleted; {@code namespaces().purge(name)} deletes
 * its keys and then the namespace, in the background.
 */
public class NamespaceNotEmptyException extends StateApiException {

    public NamespaceNotEmptyException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
