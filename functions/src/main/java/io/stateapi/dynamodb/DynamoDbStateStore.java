package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteIdentity.IdempotentRequest;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.resources.StateApiResources;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionResult;
import io.stateapi.metrics.StoreMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The only code that speaks DynamoDB. A write without an idempotency key is one conditional
 * {@code UpdateItem} whose condition encodes the precondition and the liveness rule of
 * {@link StateItem}; a failed condition returns the current item ({@code ALL_OLD}), so a
 * conflict reports the current version without a second read. A write with an idempotency
 * key goes through {@link IdempotentWrites}.
 *
 * <p>Exactly once (ADR 0007, 0065): every write leaves its token on the item and refuses to commit
 * over its own token. An attempt whose answer was lost is never sent again blindly:
 * {@link ConditionalUpdates} reads the item and reports the commit that carries the token, sends
 * again only a write pinned to a version, and otherwise answers that the outcome is unknown;
 * never a conflict for a write that committed, and never one applied twice.
 */
public final class DynamoDbStateStore implements StateStore {

    /** Rounds a last-write-wins upsert may take when a concurrent create or delete races it. */
    private static final int MAX_UPSERT_ROUNDS = 8;

    private final DynamoDbClient client;
    private final String tableName;
    private final IdempotentWrites idempotentWrites;
    private final Transactions transactions;
    private final BatchReads batchReads;
    private final DynamoDbCounters counters;
    private final DynamoDbExpiryChanges expiryChanges;
    private final KeyListing listing;
    private final ConditionalUpdates updates;
    private final ItemReplacement replacements;
    private final StoreMetrics metrics;
    private final ItemLayout layout;

    /**
     * @param idempotencyTableName where outcomes of writes with an idempotency key are kept
     * @param idempotencyRetention how long they are replayed
     */
    public DynamoDbStateStore(DynamoDbClient client, String tableName, String idempotencyTableName,
                              Duration idempotencyRetention) {
        this(client, tableName, idempotencyTableName, idempotencyRetention, StoreMetrics.NONE);
    }

    /** @param metrics counts the writes whose lost answer was recovered */
    public DynamoDbStateStore(DynamoDbClient client, String tableName, String idempotencyTableName,
                              Duration idempotencyRetention, StoreMetrics metrics) {
        this(client, tableName, idempotencyTableName, idempotencyRetention, metrics, ItemLayout.DEFAULT);
    }

    /** @param layout the item format its writes write ({@code STATE_ITEM_WRITE_FORMAT}, ADR 0062) */
    public DynamoDbStateStore(DynamoDbClient client, String tableName, String idempotencyTableName,
                              Duration idempotencyRetention, StoreMetrics metrics, ItemLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.idempotentWrites = new IdempotentWrites(client, tableName,
                Objects.requireNonNull(idempotencyTableName, "idempotencyTableName"),
                Objects.requireNonNull(idempotencyRetention, "idempotencyRetention"), metrics, layout);
        this.transactions = new Transactions(client, tableName, idempotencyTableName, idempotencyRetention, metrics,
                layout);
        this.batchReads = new BatchReads(client, tableName);
        this.updates = new ConditionalUpdates(client, tableName);
        this.counters = new DynamoDbCounters(updates, idempotentWrites, metrics, layout);
        this.expiryChanges = new DynamoDbExpiryChanges(updates, idempotentWrites, metrics);
        this.listing = new KeyListing(client, tableName);
        this.replacements = new ItemReplacement(client, tableName, metrics, layout);
    }

    /** The store of one deployment's resources, keeping outcomes for the default retention. */
    public static DynamoDbStateStore of(DynamoDbClient client, StateApiResources resources) {
        return new DynamoDbStateStore(client, resources.tableName(), resources.idempotencyTableName(),
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION);
    }

    /** The same, writing the item format {@code layout} names. */
    public static DynamoDbStateStore of(DynamoDbClient client, StateApiResources resources, ItemLayout layout) {
        return new DynamoDbStateStore(client, resources.tableName(), resources.idempotencyTableName(),
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION, StoreMetrics.NONE, layout);
    }

    @Override
    public Optional<StateRecord> get(TenantNamespace namespace, Key key, ReadConsistency consistency, Instant now) {
        Map<String, AttributeValue> item = call(() -> client.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(StateItem.key(namespace, key))
                .consistentRead(consistency == ReadConsistency.STRONG)
                .build()).item());
        return StateItem.toRecord(item, now);
    }

    @Override
    public Map<Key, StateRecord> getAll(TenantNamespace namespace, Collection<Key> keys, ReadConsistency consistency,
                                        Instant now) {
        return batchReads.getAll(namespace, keys, consistency, now);
    }

    @Override
    public KeyPage list(TenantNamespace namespace, KeyQuery query, ReadConsistency consistency, Instant now) {
        return listing.list(namespace, query, consistency, now);
    }

    @Override
    public WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, OptionalLong schemaVersion,
                           TimeToLive ttl, Precondition precondition, WriteIdentity identity, long versionFloor,
                           Instant now) {
        WriteToken token = identity.token();
        if (identity.idempotency().isPresent()) {
            if (precondition instanceof Precondition.Contradictory) {
                throw new IllegalArgumentException("a contradictory precondition never reaches the store");
            }
            return idempotentWrites.put(namespace, key, value, schemaVersion, ttl, precondition, token,
                    identity.idempotency().get(), versionFloor, now);
        }
        ItemUpdate overwrite = ItemUpdate.overwrite(layout, namespace, key, value, schemaVersion, ttl, token, now)
                .unlessAlreadyCommitted();
        ItemUpdate create = ItemUpdate.create(layout, namespace, key, value, schemaVersion, ttl, token, versionFloor, now)
                .unlessAlreadyCommitted();
        return switch (precondition) {
            case Precondition.IfVersion ifVersion -> write(namespace, key, overwrite.atVersion(ifVersion.version()),
                    false, token, value, now)
                    .orElseThrow(failure -> conflict(failure, now, "key is not at version " + ifVersion.version()));
            case Precondition.IfPresent ignored -> write(namespace, key, overwrite, false, token, value, now)
                    .orElseThrow(failure -> conflict(failure, now, "key does not exist"));
            case Precondition.IfAbsent ignored -> write(namespace, key, create, true, token, value, now)
                    .orElseThrow(failure -> conflict(failure, now, "key already exists"));
            case Precondition.None ignored -> upsert(namespace, key, overwrite, create, token, value, now);
            case Precondition.Contradictory ignored ->
                    throw new IllegalArgumentException("a contradictory precondition never reaches the store");
        };
    }

    /** One conditional {@code PutItem} of the whole next item ({@link ItemReplacement}, ADR 0067). */
    @Override
    public void replace(TenantNamespace namespace, io.stateapi.domain.ValueReplacement replacement,
                        WriteIdentity identity, Instant now) {
        if (identity.idempotency().isPresent()) {
            StateStore.super.replace(namespace, replacement, identity, now);
            return;
        }
        replacements.replace(namespace, replacement, identity.token(), now);
    }

    @Override
    public Optional<WriteResult> storedOutcome(TenantNamespace namespace, Key key, IdempotentRequest request, Instant now) {
        return idempotentWrites.storedOutcome(namespace, key, request, now);
    }

    @Override
    public DeleteResult delete(TenantNamespace namespace, Key key, Precondition precondition, WriteIdentity identity,
                               Instant now) {
        WriteToken token = identity.token();
        if (identity.idempotency().isPresent()) {
            return idempotentWrites.delete(namespace, key, precondition, token, identity.idempotency().get(), now);
        }
        Version expected = precondition instanceof Precondition.IfVersion v ? v.version() : null;
        ItemUpdate delete = ItemUpdate.delete(namespace, key, token, now).unlessAlreadyCommitted();
        if (expected != null) {
            delete = delete.atVersion(expected);
        }
        ConditionalUpdates.Outcome outcome = updates.send(namespace, key, delete, token);
        if (!outcome.committed() && StateItem.committedBy(outcome.item(), token)) {
            metrics.lostAnswerRecovered("delete");
        }
        if (outcome.committed() || StateItem.committedBy(outcome.item(), token)) {
            return new DeleteResult(StateItem.version(outcome.item()).orElseThrow(), false);
        }
        if (!StateItem.isLive(outcome.item(), now)) {
            throw new KeyNotFoundException(namespace, key);
        }
        throw conflict(outcome.item(), now, "key is not at version " + expected);
    }

    @Override
    public WriteResult increment(TenantNamespace namespace, Key key, long delta, TimeToLive ttlOnCreate,
                                 Precondition precondition, WriteIdentity identity, long versionFloor, Instant now) {
        return counters.increment(namespace, key, delta, ttlOnCreate, precondition, identity, versionFloor, now);
    }

    @Override
    public WriteResult changeExpiry(TenantNamespace namespace, Key key, TimeToLive ttl, Precondition precondition,
                                    WriteIdentity identity, Instant now) {
        return expiryChanges.changeExpiry(namespace, key, ttl, precondition, identity, now);
    }

    @Override
    public TransactionResult transact(TenantId tenant, List<PreparedOperation> operations, WriteIdentity identity,
                                      Instant now) {
        return transactions.transact(tenant, operations, identity, now);
    }

    /** Last-write-wins: update if live, otherwise create; repeat if another writer races in between. */
    private WriteResult upsert(TenantNamespace namespace, Key key, ItemUpdate overwrite, ItemUpdate create,
                               WriteToken token, JsonDocument value, Instant now) {
        for (int round = 0; round < MAX_UPSERT_ROUNDS; round++) {
            Optional<WriteResult> updated = write(namespace, key, overwrite, false, token, value, now).result();
            if (updated.isPresent()) {
                return updated.get();
            }
            Optional<WriteResult> created = write(namespace, key, create, true, token, value, now).result();
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new StoreUnavailableException(
                "too much contention on key '" + key.value() + "'; retry", RETRY_AFTER, null);
    }

    /**
     * Sends one conditional update. A failed condition over the write's own token is its own
     * earlier commit (its answer was lost and the SDK sent it again): that is the result.
     */
    private Attempt write(TenantNamespace namespace, Key key, ItemUpdate update, boolean creates, WriteToken token,
                          JsonDocument value, Instant now) {
        ConditionalUpdates.Outcome outcome = updates.send(namespace, key, update, token);
        if (!outcome.committed() && !StateItem.committedBy(outcome.item(), token)) {
            return new Attempt(null, outcome.item());
        }
        if (!outcome.committed()) {
            metrics.lostAnswerRecovered("put");
        }
        StateRecord record;
        try {
            // Not live any more only when the expiry sweeper took the value between the commit and
            // the SDK's repeat (a TTL of a second or two): the commit is still what is reported.
            record = StateItem.toRecord(outcome.item(), now)
                    .orElseGet(() -> StateItem.committedRecord(outcome.item(), value));
        } catch (UnreadableStateException e) {
            // The write replaced the value but left another attribute written outside the API as it was.
            throw new UnreadableStateException(namespace.name(), key.value(), "the write was committed as version "
                    + outcome.item().get(StateItem.VERSION).n() + ", but the item still does not follow the layout: "
                    + e.reason());
        }
        return new Attempt(new WriteResult(record, creates), null);
    }

    /**
     * The conflict with the item that failed the condition ({@code ALL_OLD}): the current state
     * costs no second read (ADR 0051). An item that does not follow the layout still reports its
     * version, as before, so the caller learns the conflict rather than a 500.
     */
    private static VersionConflictException conflict(Map<String, AttributeValue> current, Instant now, String reason) {
        try {
            return VersionConflictException.withState(reason, StateItem.toRecord(current, now));
        } catch (UnreadableStateException e) {
            return new VersionConflictException(reason, StateItem.isLive(current, now)
                    ? StateItem.version(current).orElse(null) : null);
        }
    }

    /** A write attempt: a result when committed, otherwise the item that failed the condition. */
    private record Attempt(WriteResult written, Map<String, AttributeValue> failure) {

        Optional<WriteResult> result() {
            return Optional.ofNullable(written);
        }

        WriteResult orElseThrow(Function<Map<String, AttributeValue>, RuntimeException> onFailure) {
            if (written != null) {
                return written;
            }
            throw onFailure.apply(failure);
        }
    }
}
