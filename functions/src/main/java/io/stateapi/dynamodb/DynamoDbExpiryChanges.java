package io.stateapi.dynamodb;

import io.stateapi.metrics.StoreMetrics;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * TTL changes on DynamoDB (ADR 0034): one conditional {@code UpdateItem} that sets or removes
 * {@code expiresAt} and the expiry bucket of a live item and makes the next version, leaving the
 * value as it is (it is neither sent nor rewritten). With an {@code Idempotency-Key} the change
 * reads first and commits with its stored outcome ({@link IdempotentWrites}).
 */
final class DynamoDbExpiryChanges {

    private final ConditionalUpdates updates;
    private final IdempotentWrites idempotentWrites;
    private final StoreMetrics metrics;

    DynamoDbExpiryChanges(ConditionalUpdates updates, IdempotentWrites idempotentWrites, StoreMetrics metrics) {
        this.updates = updates;
        this.idempotentWrites = idempotentWrites;
        this.metrics = metrics;
    }

    WriteResult changeExpiry(TenantNamespace namespace, Key key, TimeToLive ttl, Precondition precondition,
                             WriteIdentity identity, Instant now) {
        WriteToken token = identity.token();
        Version expected = precondition instanceof Precondition.IfVersion v ? v.version() : null;
        if (identity.idempotency().isPresent()) {
            return idempotentWrites.write("changeExpiry", namespace, key, token, identity.idempotency().get(), now,
                    seen -> decide(namespace, key, ttl, expected, token, now, seen));
        }
        ItemUpdate change = ItemUpdate.expiry(namespace, key, ttl, token, now).unlessAlreadyCommitted();
        if (expected != null) {
            change = change.atVersion(expected);
        }
        ConditionalUpdates.Outcome outcome = updates.send(namespace, key, change, token);
        if (outcome.committedBy(token)) {
            if (!outcome.committed()) {
                metrics.lostAnswerRecovered("changeExpiry");
            }
            return new WriteResult(ConditionalUpdates.committedRecord(namespace, key, outcome.item(), now), false);
        }
        if (!StateItem.isLive(outcome.item(), now)) {
            throw new KeyNotFoundException(namespace, key);
        }
        throw new VersionConflictException("key is not at version " + expected,
                StateItem.version(outcome.item()).orElse(null));
    }

    private static IdempotentWrites.Decision decide(TenantNamespace namespace, Key key, TimeToLive ttl,
                                                    Version expected, WriteToken token, Instant now,
                                                    Map<String, AttributeValue> seen) {
        StateRecord current = StateItem.toRecord(seen, now).orElseThrow(() -> new KeyNotFoundException(namespace, key));
        if (expected != null && !current.version().equals(expected)) {
            throw new VersionConflictException("key is not at version " + expected, current.version());
        }
        StateRecord next = new StateRecord(namespace, key, current.value(), current.version().next(),
                current.createdAt(), Instant.ofEpochMilli(now.toEpochMilli()), ttl == null ? null : ttl.expiryAfter(now),
                current.schemaVersion());
        return new IdempotentWrites.Decision(ItemUpdate.expiry(namespace, key, ttl, token, now),
                new WriteResult(next, false));
    }
}
