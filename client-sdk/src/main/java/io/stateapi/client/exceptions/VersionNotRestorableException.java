package io.stateapi.client.exceptions;

import java.net.URI;

/** A restore of a version that was a delete: it holds no value (HTTP 409, problem type {@code version-not-restorable}). */
public class VersionNotRestorableException extends StateApiException {

    public VersionNotRestorableException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }
}
