package io.stateapi.client.exceptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.Versioned;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A conditional write or delete found the key at another version than its condition required
 * (HTTP 412, problem type {@code version-conflict}). {@link #currentVersion()} tells what the
 * key is at now; it is empty when the key does not exist. When the credential may read the
 * namespace, a conflict of a put, patch or delete of one key also tells the key's state
 * ({@link #currentState()}, ADR 0051), so a caller can go on from it without reading again.
 */
public class VersionConflictException extends StateApiException {

    private final Long currentVersion;
    private final boolean currentStateKnown;
    private final Versioned<JsonNode> currentState;

    public VersionConflictException(String message, int status, URI problemType, String detail, Long currentVersion) {
        this(message, status, problemType, detail, currentVersion, false, null);
    }

    /**
     * @param currentStateKnown whether the service told the key's state
     * @param currentState      that state, or null when the key had no live value (or it was not told)
     */
    public VersionConflictException(String message, int status, URI problemType, String detail, Long currentVersion,
                                    boolean currentStateKnown, Versioned<JsonNode> currentState) {
        super(message, status, problemType, detail, null);
        this.currentVersion = currentVersion;
        this.currentStateKnown = currentStateKnown;
        this.currentState = currentState;
    }

    /** The key's version at the time of the conflict; empty when the key is absent. */
    public OptionalLong currentVersion() {
        return currentVersion == null ? OptionalLong.empty() : OptionalLong.of(currentVersion);
    }

    /**
     * The key's state at the time of the conflict, value as JSON, as a read would have returned
     * it; empty when the key had no live value, or when the service did not tell it (a
     * credential without {@code state:read}, or an operation other than put, patch or delete).
     */
    public Optional<Versioned<JsonNode>> currentState() {
        return Optional.ofNullable(currentState);
    }

    /**
     * Whether the service told the key's state: then an empty {@link #currentState()} means the
     * key had no live value (never written, deleted or expired).
     */
    public boolean currentStateKnown() {
        return currentStateKnown;
    }
}
