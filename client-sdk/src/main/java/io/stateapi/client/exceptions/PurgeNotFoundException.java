package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The namespace is not being purged, and no purge of it finished within the last 7 days
 * (HTTP 404, problem type {@code purge-not-found}).
 */
public class PurgeNotFoundException extends StateApiException {

    public PurgeNotFoundException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
