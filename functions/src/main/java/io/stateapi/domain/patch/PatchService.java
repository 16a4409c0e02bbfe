package io.stateapi.domain.patch;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.PatchTestFailedException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.schemas.UpgradeOnRead;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Partial updates of a key (ADR 0029): read the value, patch it, and write the result as the
 * next version with a compare-and-set on the version read, so a patch is applied to exactly
 * one version and nothing written in between is lost.
 *
 * <p>With {@code If-Match} the patch applies to that version only (first writer wins: a key at
 * another version is a 412 with its current version). Without it the service retries the
 * compare-and-set itself, re-reading and re-applying, for up to {@link #MAX_ROUNDS} rounds with
 * a jittered backoff; contention beyond that is a 503 with {@code Retry-After}, and nothing was
 * written. A patch that cannot apply writes nothing. A patch needs a value to patch: on a
 * missing key it is a 404, a merge patch included (it does not create the key). The key keeps
 * its expiry; a patch never applies the namespace's default TTL.
 *
 * <p>A patch applies to the value as a reader sees it: upgraded to the namespace's active schema
 * version when it is stored at an older one (ADR 0057), so the patch a client computed from a GET
 * fits the value it is applied to. The compare-and-set is still on the stored item's version.
 */
public final class PatchService {

    /** Compare-and-set rounds a patch without {@code If-Match} takes before it reports contention. */
    public static final int MAX_ROUNDS = 10;
    /** The first backoff's upper bound; it doubles each round up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(5);
    static final Duration MAX_BACKOFF = Duration.ofMillis(160);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final StateStore store;
    private final WriteTargets targets;
    private final PatchApplier applier;
    private final UpgradeOnRead reads;
    private final Clock clock;

    public PatchService(StateStore store, WriteTargets targets, PatchApplier applier, Clock clock) {
        this(store, targets, applier, UpgradeOnRead.NONE, clock);
    }

    public PatchService(StateStore store, WriteTargets targets, PatchApplier applier, UpgradeOnRead reads,
                        Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param precondition   {@link Precondition.IfVersion} (If-Match), or none; {@code If-Match: *}
     *                       is the same as none, since a patch needs the key anyway
     * @param idempotencyKey a repeat of the same request under it replays the first outcome
     * @throws io.stateapi.domain.exceptions.KeyNotFoundException when the key has no live value
     * @throws io.stateapi.domain.exceptions.NamespaceNotFoundException when the namespace does not exist
     * @throws VersionConflictException when the key is not at the If-Match version
     * @throws PatchTestFailedException when a JSON Patch {@code test} fails (with the version it was tried on)
     * @throws io.stateapi.domain.exceptions.PatchNotApplicableException when an operation cannot apply
     * @throws io.stateapi.domain.exceptions.PayloadTooLargeException when the result is larger than the namespace takes
     * @throws StoreUnavailableException when other writers kept moving the key for every round
     */
    public WriteResult patch(Caller caller, Namespace name, Key key, Patch patch, Precondition precondition,
                             Optional<IdempotencyKey> idempotencyKey) {
        Objects.requireNonNull(patch, "patch");
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        if (precondition instanceof Precondition.IfAbsent || precondition instanceof Precondition.Contradictory) {
            throw new InvalidPreconditionException("If-None-Match cannot be used with PATCH: a patch never creates a key");
        }
        applier.check(patch);
        WriteIdentity identity = idempotencyKey
                .map(k -> WriteIdentity.idempotentKeepingValue(k, RequestFingerprint.ofPatch(key, patch, precondition)))
                .orElseGet(WriteIdentity::fresh);
        // A repeat is answered with the first outcome, before the patch is tried on a value it has changed.
        Optional<WriteResult> stored = store.storedOutcome(namespace, key, identity, clock.instant());
        if (stored.isPresent()) {
            return stored.get();
        }
        Optional<NamespaceInfo> target = Optional.empty();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (round > 0) {
                backOff(round);
            }
            Instant now = clock.instant();
            StateRecord current = reads.record(store.get(namespace, key, ReadConsistency.STRONG, now)
                    .orElseThrow(() -> targets.absent(namespace, key)));
            if (precondition instanceof Precondition.IfVersion ifVersion && !ifVersion.version().equals(current.version())) {
                throw VersionConflictException.withState("key is not at version " + ifVersion.version(),
                        Optional.of(current)).shownTo(caller);
            }
            if (target.isEmpty()) {
                target = Optional.of(targets.forWrite(namespace, key, Precondition.IF_PRESENT));
            }
            JsonDocument patched = patched(patch, current);
            // The patched value is what gets stored, so it is what the schema checks.
            java.util.OptionalLong schemaVersion = targets.admit(target.get(), patched);
            try {
                // Version floor 0: a patch overwrites a live value and never creates the key.
                return store.put(namespace, key, patched, schemaVersion, expiryKept(current, now),
                        Precondition.ifVersion(current.version()), identity, 0, now);
            } catch (VersionConflictException moved) {
                if (precondition instanceof Precondition.IfVersion || moved.currentVersion().isEmpty()) {
                    // If-Match: first writer wins. No current version: deleted or expired since the read.
                    if (moved.currentVersion().isEmpty()) {
                        throw targets.absent(namespace, key);
                    }
                    throw moved.shownTo(caller);
                }
            }
        }
        throw new StoreUnavailableException("too much contention on key '" + key.value() + "': the patch lost "
                + MAX_ROUNDS + " compare-and-set rounds to other writers and was not applied; retry", RETRY_AFTER, null);
    }

    private JsonDocument patched(Patch patch, StateRecord current) {
        try {
            return applier.apply(patch, current.value());
        } catch (PatchTestFailedException e) {
            throw e.at(current.version());
        }
    }

    /**
     * The TTL that writes the key's expiry again as it is: the store takes a TTL relative to
     * {@code now}, and a value live at {@code now} expires at least a second after it.
     */
    static TimeToLive expiryKept(StateRecord current, Instant now) {
        return current.expiry()
                .map(at -> new TimeToLive(Math.max(1, at.getEpochSecond() - now.getEpochSecond())))
                .orElse(null);
    }

    /** Full jitter: a random pause up to a bound that doubles each round, so racing writers spread out. */
    private static void backOff(int round) {
        long bound = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(round - 1, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a patch; retry", RETRY_AFTER, e);
        }
    }
}
