package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;

import io.stateapi.metrics.StoreMetrics;
import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.CounterOverflowException;
import io.stateapi.domain.exceptions.NotANumberException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Atomic counters on DynamoDB (ADR 0034). A live integer value is stored as a number
 * ({@link StateItem#NUMBER_VALUE}), so an increment is one conditional {@code UpdateItem} that
 * adds in DynamoDB, with no read first: the condition requires a live number whose sum stays in
 * the exact range (and the version, with {@code If-Match}). A failed condition returns the
 * current item, which says why: not a number (409), overflow (422), another version (412), or
 * not live, when the increment creates the key from 0 instead. A create and an increment that
 * race each other are sent again, a bounded number of rounds.
 *
 * <p>With an {@code Idempotency-Key} the increment reads first and commits with its stored
 * outcome in one transaction ({@link IdempotentWrites}): the outcome must hold the new value,
 * which a transaction cannot return.
 */
final class DynamoDbCounters {

    /** Counters are refused in a namespace with a schema (ADR 0052), so a counter records none. */
    private static final java.util.OptionalLong NO_SCHEMA = java.util.OptionalLong.empty();

    /** Rounds an increment may take while concurrent creates and deletes of the key race it. */
    private static final int MAX_ROUNDS = 8;

    private final ConditionalUpdates updates;
    private final IdempotentWrites idempotentWrites;
    private final StoreMetrics metrics;
    private final ItemLayout layout;

    DynamoDbCounters(ConditionalUpdates updates, IdempotentWrites idempotentWrites, StoreMetrics metrics,
                     ItemLayout layout) {
        this.layout = layout;
        this.updates = updates;
        this.idempotentWrites = idempotentWrites;
        this.metrics = metrics;
    }

    WriteResult increment(TenantNamespace namespace, Key key, long delta, TimeToLive ttlOnCreate,
                          Precondition precondition, WriteIdentity identity, long versionFloor, Instant now) {
        WriteToken token = identity.token();
        Version expected = precondition instanceof Precondition.IfVersion v ? v.version() : null;
        boolean mayCreate = precondition instanceof Precondition.None;
        if (identity.idempotency().isPresent()) {
            return idempotentWrites.write("increment", namespace, key, token, identity.idempotency().get(), now,
                    seen -> decide(layout, namespace, key, delta, ttlOnCreate, expected, mayCreate, token, versionFloor, now,
                            seen));
        }
        ItemUpdate add = ItemUpdate.increment(delta, token, now).unlessAlreadyCommitted();
        if (expected != null) {
            add = add.atVersion(expected);
        }
        ItemUpdate create = ItemUpdate.create(layout, namespace, key, ExactInteger.document(delta), NO_SCHEMA,
                ttlOnCreate, token, versionFloor, now).unlessAlreadyCommitted();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            ConditionalUpdates.Outcome added = updates.send(namespace, key, add, token);
            if (added.committedBy(token)) {
                recovered(added);
                return new WriteResult(ConditionalUpdates.committedRecord(namespace, key, added.item(), now), false);
            }
            if (StateItem.isLive(added.item(), now)) {
                // Throws when the current item explains the refusal; otherwise it changed under us: again.
                currentNumber(key, added.item(), delta, expected);
                continue;
            }
            if (!mayCreate) {
                throw new VersionConflictException(expected != null ? "key is not at version " + expected
                        : "key does not exist", null);
            }
            ConditionalUpdates.Outcome created = updates.send(namespace, key, create, token);
            if (created.committedBy(token)) {
                recovered(created);
                return new WriteResult(ConditionalUpdates.committedRecord(namespace, key, created.item(), now), true);
            }
        }
        throw new StoreUnavailableException("too much contention on key '" + key.value() + "'; retry", RETRY_AFTER,
                null);
    }

    private void recovered(ConditionalUpdates.Outcome outcome) {
        if (!outcome.committed()) {
            metrics.lostAnswerRecovered("increment");
        }
    }

    /** The increment an idempotent request commits, decided on its consistent read ({@code seen}). */
    private static IdempotentWrites.Decision decide(ItemLayout layout, TenantNamespace namespace, Key key, long delta,
                                                    TimeToLive ttlOnCreate, Version expected, boolean mayCreate,
                                                    WriteToken token, long versionFloor, Instant now,
                                                    Map<String, AttributeValue> seen) {
        Optional<StateRecord> live = StateItem.toRecord(seen, now);
        Instant at = Instant.ofEpochMilli(now.toEpochMilli());
        if (live.isPresent()) {
            StateRecord current = live.get();
            long sum = currentNumber(key, seen, delta, expected) + delta;
            StateRecord next = new StateRecord(namespace, key, ExactInteger.document(sum), current.version().next(),
                    current.createdAt(), at, current.expiresAt());
            return new IdempotentWrites.Decision(ItemUpdate.increment(delta, token, now), new WriteResult(next, false));
        }
        if (!mayCreate) {
            throw new VersionConflictException(expected != null ? "key is not at version " + expected
                    : "key does not exist", null);
        }
        StateRecord created = new StateRecord(namespace, key, ExactInteger.document(delta),
                IdempotentWrites.nextVersion(seen, versionFloor), at, at,
                ttlOnCreate == null ? null : ttlOnCreate.expiryAfter(now));
        return new IdempotentWrites.Decision(ItemUpdate.create(layout, namespace, key, ExactInteger.document(delta), NO_SCHEMA,
                ttlOnCreate, token, versionFloor, now), new WriteResult(created, true));
    }

    /**
     * The number a live item holds, when {@code delta} may be added to it.
     *
     * @throws VersionConflictException when the item is not at {@code expected}
     * @throws NotANumberException when its value is not an integer
     * @throws CounterOverflowException when the sum would leave the exact range
     */
    private static long currentNumber(Key key, Map<String, AttributeValue> live, long delta, Version expected) {
        Version version = StateItem.version(live).orElseThrow();
        if (expected != null && !version.equals(expected)) {
            throw new VersionConflictException("key is not at version " + expected, version);
        }
        if (!StateItem.holdsNumber(live)) {
            throw new NotANumberException("the value of key '" + key.value() + "' is not an integer; only an integer"
                    + " from -" + ExactInteger.MAX + " to " + ExactInteger.MAX + " can be incremented", version);
        }
        long current = Long.parseLong(StateItem.value(live).orElseThrow().json());
        if (!ExactInteger.inRange(current + delta)) {
            throw new CounterOverflowException(current + " + " + delta + " is outside the exact range -"
                    + ExactInteger.MAX + " to " + ExactInteger.MAX + "; nothing was written", version);
        }
        return current;
    }
}
