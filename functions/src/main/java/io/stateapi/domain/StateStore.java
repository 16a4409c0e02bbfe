package io.stateapi.domain;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionResult;
import java.time.Instant;
import java.util.List;
import java.util.Collection;
import java.util.Map;
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
     * The live records among {@code keys} (distinct), by key: a key absent, deleted or expired at
     * {@code now} has no entry. Each key is read with {@code consistency} on its own; the result
     * is no snapshot across keys. Either every key was read, or this fails (ADR 0027).
     *
     * @throws io.stateapi.domain.exceptions.StoreUnavailableException when some keys stayed unread after the retries
     */
    Map<Key, StateRecord> getAll(TenantNamespace namespace, Collection<Key> keys, ReadConsistency consistency,
                                 Instant now);

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
     * @param schemaVersion the namespace schema version {@code value} was checked against, recorded
     *                      with it (empty: none, and any version an earlier value recorded goes; ADR 0056)
     * @param versionFloor the namespace's version floor: every version a purged tombstone of it had is at most this
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the precondition fails
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyReusedException when the idempotency key names another request
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyInFlightException when a request with the same key is committing
     */
    WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, java.util.OptionalLong schemaVersion,
                    TimeToLive ttl, Precondition precondition, WriteIdentity identity, long versionFloor, Instant now);

    /**
     * Replaces a live value the caller read whole with the next version (the schema backfill's
     * upgrade, ADR 0058 and 0067): the same as {@link #put} of {@code replacement}'s value with
     * {@link Precondition#ifVersion} the version read, its schema version, and its expiry kept,
     * without an answer. A store may send the whole item instead of an update (DynamoDB: one
     * conditional {@code PutItem}, ADR 0067); the item it leaves and the change it makes are the
     * same, and a write sent again after its answer was lost is recognised by its token.
     *
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the key is no longer live at the version read
     */
    default void replace(TenantNamespace namespace, ValueReplacement replacement, WriteIdentity identity, Instant now) {
        put(namespace, replacement.key(), replacement.value(), java.util.OptionalLong.of(replacement.schemaVersion()),
                replacement.ttl(now).orElse(null), Precondition.ifVersion(replacement.seen()), identity, 0, now);
    }

    /** A value written without a schema. */
    default WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                            Precondition precondition, WriteIdentity identity, long versionFloor, Instant now) {
        return put(namespace, key, value, java.util.OptionalLong.empty(), ttl, precondition, identity, versionFloor, now);
    }

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

    /**
     * Adds {@code delta} to the key's integer value ({@link ExactInteger}) and makes a new
     * version; a key that is not live starts from 0, above {@code versionFloor}, with
     * {@code ttlOnCreate}. A live key keeps its expiry.
     *
     * @param precondition {@link Precondition#NONE}, {@link Precondition#IF_PRESENT} or a version
     * @throws io.stateapi.domain.exceptions.NotANumberException when the live value is not an integer
     * @throws io.stateapi.domain.exceptions.CounterOverflowException when the sum leaves the exact range
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the precondition fails
     */
    WriteResult increment(TenantNamespace namespace, Key key, long delta, TimeToLive ttlOnCreate,
                          Precondition precondition, WriteIdentity identity, long versionFloor, Instant now);

    /**
     * Sets ({@code ttl}) or clears ({@code null}) the expiry of the key's live value, counted from
     * {@code now}, without rewriting the value; makes a new version.
     *
     * @param precondition {@link Precondition#NONE}, {@link Precondition#IF_PRESENT} or a version
     * @throws io.stateapi.domain.exceptions.KeyNotFoundException when the key is not live
     * @throws io.stateapi.domain.exceptions.VersionConflictException when the precondition fails
     */
    WriteResult changeExpiry(TenantNamespace namespace, Key key, TimeToLive ttl, Precondition precondition,
                             WriteIdentity identity, Instant now);

    /**
     * The outcome stored for an earlier write under {@code request}'s idempotency key, replayed
     * ({@link WriteResult#replayed}), or empty when none is stored. An operation whose
     * repeat must not be decided again on the key's current state (a patch) asks before it
     * reads; its outcome must have been stored with its value ({@code keepsValue}). A store
     * that remembers no outcomes has none.
     *
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyReusedException when the key names another request
     */
    default Optional<WriteResult> storedOutcome(TenantNamespace namespace, Key key,
                                                WriteIdentity.IdempotentRequest request, Instant now) {
        return Optional.empty();
    }

    /**
     * {@link #storedOutcome(TenantNamespace, Key, WriteIdentity.IdempotentRequest, Instant)} for a
     * write's identity: empty as well when the write carries no idempotency key.
     */
    default Optional<WriteResult> storedOutcome(TenantNamespace namespace, Key key, WriteIdentity identity,
                                                Instant now) {
        return identity.idempotency().flatMap(request -> storedOutcome(namespace, key, request, now));
    }

    /** A write with a fresh identity and no idempotency key. */
    default WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, TimeToLive ttl,
                            Precondition precondition, Instant now) {
        return put(namespace, key, value, ttl, precondition, WriteIdentity.fresh(), now);
    }

    /** A delete with a fresh identity and no idempotency key; returns the version it committed. */
    default Version delete(TenantNamespace namespace, Key key, Precondition precondition, Instant now) {
        return delete(namespace, key, precondition, WriteIdentity.fresh(), now).version();
    }

    /**
     * Commits every operation or none (ADR 0028): each put and delete makes one new version of its
     * key, checks write nothing. Without an idempotency key, a transaction the AWS SDK sends again
     * after losing its answer is recognised by its write token and reported as committed; with
     * one, the outcome (commit or conflict) is stored under the tenant's key and replayed.
     *
     * @param operations one per key, at most 100 (99 with an idempotency key)
     * @throws io.stateapi.domain.exceptions.TransactionConflictException when an operation's condition fails
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyReusedException when the idempotency key names another request
     * @throws io.stateapi.domain.exceptions.IdempotencyKeyInFlightException when a request with the same key is committing
     * @throws io.stateapi.domain.exceptions.StoreUnavailableException when other transactions kept colliding with it
     */
    TransactionResult transact(TenantId tenant, List<PreparedOperation> operations, WriteIdentity identity, Instant now);
}
