package io.stateapi.domain;

import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Optional;

/**
 * The port to the durable store. An implementation commits each mutation as one
 * conditional write that checks the precondition and a key's liveness (absent, deleted and
 * expired keys are not live) atomically, and reports a failed precondition with the version
 * the key is at.
 *
 * <p>Exactly once: every mutation carries a {@link WriteIdentity}. A store that sends a write
 * again after losing its answer must recognise its own commit by the write token and report
 * it as committed, never as a conflict. When the identity names an idempotency key, the
 * outcome is stored atomically with the write, and a later request with the same key and
 * fingerprint gets that outcome back ({@code replayed}) without a second write.
 */
public interface StateStore {

    /** The live record, or empty when the key is absent, deleted or expired at {@code now}. */
    Optional<StateRecord> get(TenantNamespace namespace, Key key, ReadConsistency consistency, Instant now);

    /**
     * The live keys of {@code query}'s range in key order, at most its limit, and where the range
     * goes on (ADR 0026). Deleted and expired keys (at {@code now}) never appear. A read may stop
     * before the page is full (a long run of dead keys, a page's worth of bytes) and say where to
     * resume rather than take unbounded time.
     */
    KeyPage list(TenantNamespace namespace, KeyQuery query, ReadConsistency consistency, Instant now);

    /**
     * Writes {@code value}; the new version is one more than the key's last version, also
     * when the key was deleted or has expired, and one more than {@code versionFloor} when the
     * key has no item at all (its tombstone was purged, ADR 0019).
     *
     * @param versionFloor the namespace's version floor: every version a purged tombstone of it had is at most this
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the precondition fails
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyReusedException when the idempotency key names another request
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyInFlightException when a request with the same key is committing
     */
    WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                    Precondition precondition, WriteIdentity identity, long versionFloor, Instant now);

    /** A write into a namespace whose version floor is 0 (none of its tombstones was ever purged). */
    default WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                            Precondition precondition, WriteIdentity identity, Instant now) {
        return put(namespace, key, value, ttl, precondition, identity, 0, now);
    }

    /**
     * Deletes the key's value, keeping its version history so versions are never reused.
     *
     * @throws io.stateapi.domain.exceptions.KeyNotFoundException when the key is not live
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the precondition fails
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyReusedException when the idempotency key names another request
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyInFlightException when a request with the same key is committing
     */
    DeleteResult delete(TenantNamespace namespace, Key key, Precondition precondition, WriteIdentity identity, Instant now);

    /** A write with a fresh identity and no idempotency key. */
    default WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                            Precondition precondition, Instant now) {
        return put(namespace, key, value, ttl, precondition, WriteIdentity.fresh(), now);
    }

    /** A delete with a fresh identity and no idempotency key; returns the version it committed. */
    default Version delete(TenantNamespace namespace, Key key, Precondition precondition, Instant now) {
        return delete(namespace, key, precondition, WriteIdentity.fresh(), now).version();
    }
}
