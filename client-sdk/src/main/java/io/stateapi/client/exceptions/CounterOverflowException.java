package io.stateapi.client.exceptions;

import java.net.URI;
import java.util.OptionalLong;

/**
 * An increment would take the counter beyond -(2^53-1)..2^53-1, the range every JSON reader
 * holds exactly (HTTP 422, problem type {@code counter-overflow}). Refused, never rounded;
 * nothing was written. {@link #currentVersion()} is the version the key is at.
 */
public class CounterOverflowException extends StateApiException {

    private final Long currentVersion;

    public CounterOverflowException(String message, int status, URI problemType, String detail, Long currentVersion) {
        super(message, status, problemType, detail, null);
        this.currentVersion = currentVersion;
    }

    public OptionalLong currentVersion() {
        return currentVersion == null ? OptionalLong.empty() : OptionalLong.of(currentVersion);
    }
}
