package io.stateapi.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The port to the durable store. An implementation commits each mutation as one
 * conditional write that checks the precondition and a key's liveness (absent, deleted and
 * expired keys are not live) atomically, and reports a failed precondition with the version
 * the key is at.
 */
public interface StateStore {

    /** The live record, or empty when the key is absent, deleted or expired at {@code now}. */
    Optional<StateRecord> get(Namespace namespace, Key key, ReadConsistency consistency, Instant now);

    /**
     * Writes {@code value}; the new version is one more than the key's last version, also
     * when the key was deleted or has expired.
     *
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the precondition fails
     */
    WriteResult put(Namespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                    Precondition precondition, Instant now);

    /**
     * Deletes the key's value, keeping its version history so versions are never reused.
     *
     * @return the version the delete committed
     * @throws io.stateapi.domain.exceptions.KeyNotFoundException when the key is not live
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the precondition fails
     */
    Version delete(Namespace namespace, Key key, Precondition precondition, Instant now);
}
