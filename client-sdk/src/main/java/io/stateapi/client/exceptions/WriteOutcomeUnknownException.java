package io.stateapi.client.exceptions;

import java.util.OptionalLong;

/**
 * A conditional write was sent, its answer was lost (connection reset, timeout, 503), and the
 * retry found the key changed. Either the first attempt was applied, or someone else wrote in
 * between: from the outside the two cannot be told apart. Rather than guess (and risk applying
 * a change twice, or reporting a lost change as done), the client reports this. Read the key
 * and decide; {@link #currentVersion()} is where it stands now.
 */
public class WriteOutcomeUnknownException extends StateApiException {

    private final Long currentVersion;

    public WriteOutcomeUnknownException(String message, Long currentVersion, Throwable cause) {
        super(message, cause);
        this.currentVersion = currentVersion;
    }

    /** The key's version reported by the retry; empty when the key was absent. */
    public OptionalLong currentVersion() {
        return currentVersion == null ? OptionalLong.empty() : OptionalLong.of(currentVersion);
    }

    @Override
    public boolean isTransient() {
        return false;
    }
}
