package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The namespace is being purged (HTTP 409, problem type {@code namespace-purging}): its keys
 * cannot be written or deleted, its settings cannot be changed, and it cannot be created again
 * until {@code namespaces().purgeStatus(name)} says done. Nothing was changed; sending the request
 * again before then gets the same answer.
 */
public class NamespacePurgingException extends StateApiException {

    public NamespacePurgingException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
