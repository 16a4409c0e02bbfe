package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The namespace has no backfill of this schema version (HTTP 404, problem type
 * {@code backfill-not-found}): none was started in this life of the namespace, or an ended one is
 * no longer kept (30 days).
 */
public class BackfillNotFoundException extends StateApiException {

    public BackfillNotFoundException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
