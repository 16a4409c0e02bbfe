package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.OptionalLong;

/**
 * An increment met a value that is not an integer (an object, a string, {@code 1.0}); HTTP 409,
 * problem type {@code not-a-number}. Nothing was written. {@link #currentVersion()} is the
 * version the key is at.
 */
public class NotANumberException extends StateApiException {

    private final Long currentVersion;

    public NotANumberException(String message, int status, URI problemType, String detail, Long currentVersion) {
        super(message, status, problemType, detail, null);
        this.currentVersion = currentVersion;
    }

    public OptionalLong currentVersion() {
        return currentVersion == null ? OptionalLong.empty() : OptionalLong.of(currentVersion);
    }
}
