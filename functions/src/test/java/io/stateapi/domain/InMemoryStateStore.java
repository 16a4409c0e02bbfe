package io.stateapi.domain;

import io.stateapi.domain.exceptions.CounterOverflowException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NotANumberException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.exceptions.TransactionConflictException;
import io.stateapi.domain.exceptions.TransactionConflictException.OperationConflict;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionOperation;
import io.stateapi.domain.transactions.TransactionResult;
import io.stateapi.domain.transactions.TransactionResult.OperationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.LinkedHashMap;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.listing.ListedKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StateStore} in memory, for the domain's unit tests: versions, tombstones, expiry and
 * preconditions as the port describes them; idempotency keys are not remembered.
 */
public final class InMemoryStateStore implements StateStore {

    private record Item(long version, JsonDocument value, boolean tombstone, Instant createdAt, Instant updatedAt,
                        Instant expiresAt) {

        boolean liveAt(Instant now) {
            return !tombstone && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    private record Address(TenantNamespace namespace, Key key) {
    }

    private final Map<Address, Item> items = new ConcurrentHashMap<>();

    /** Whether any key of {@code namespace} is live at {@code now}. */
    /** What a purge does to the key's item: removes it, version and all (ADR 0019). */
    public void forget(TenantNamespace namespace, Key key) {
        items.remove(new Address(namespace, key));
    }

    public boolean holdsLiveKeys(TenantNamespace namespace, Instant now) {
        return items.entrySet().stream().anyMatch(e -> e.getKey().namespace().equals(namespace) && e.getValue().liveAt(now));
    }

    @Override
    public Optional<StateRecord> get(TenantNamespace namespace, Key key, ReadConsistency consistency, Instant now) {
        Item item = items.get(new Address(namespace, key));
        if (item == null || !item.liveAt(now)) {
            return Optional.empty();
        }
        return Optional.of(new StateRecord(namespace, key, item.value(), Version.of(item.version()), item.createdAt(),
                item.updatedAt(), item.expiresAt()));
    }

    @Override
    public Map<Key, StateRecord> getAll(TenantNamespace namespace, Collection<Key> keys, ReadConsistency consistency,
                                        Instant now) {
        Map<Key, StateRecord> found = new LinkedHashMap<>();
        keys.forEach(key -> get(namespace, key, consistency, now).ifPresent(record -> found.put(key, record)));
        return found;
    }

    @Override
    public synchronized WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, java.util.OptionalLong schemaVersion, TimeToLive ttl,
                                        Precondition precondition, WriteIdentity identity, long versionFloor,
                                        Instant now) {
        Address address = new Address(namespace, key);
        Item current = items.get(address);
        boolean live = current != null && current.liveAt(now);
        Version currentVersion = live ? Version.of(current.version()) : null;
        boolean holds = switch (precondition) {
            case Precondition.None ignored -> true;
            case Precondition.IfAbsent ignored -> !live;
            case Precondition.IfPresent ignored -> live;
            case Precondition.IfVersion v -> live && current.version() == v.version().value();
            case Precondition.Contradictory ignored -> false;
        };
        if (!holds) {
            throw new VersionConflictException("precondition failed", currentVersion);
        }
        long version = current == null ? versionFloor + 1 : current.version() + 1;
        Instant createdAt = live ? current.createdAt() : now;
        Item written = new Item(version, value, false, createdAt, now, ttl == null ? null : ttl.expiryAfter(now));
        items.put(address, written);
        return new WriteResult(get(namespace, key, ReadConsistency.STRONG, now).orElseThrow(), !live);
    }

    @Override
    public synchronized WriteResult increment(TenantNamespace namespace, Key key, long delta, TimeToLive ttlOnCreate,
                                              Precondition precondition, WriteIdentity identity, long versionFloor,
                                              Instant now) {
        Address address = new Address(namespace, key);
        Item current = items.get(address);
        boolean live = current != null && current.liveAt(now);
        Version expected = precondition instanceof Precondition.IfVersion v ? v.version() : null;
        if (!live) {
            if (!(precondition instanceof Precondition.None)) {
                throw new VersionConflictException("precondition failed", null);
            }
            return put(namespace, key, ExactInteger.document(delta), ttlOnCreate, precondition, identity, versionFloor,
                    now);
        }
        Version version = Version.of(current.version());
        if (expected != null && !expected.equals(version)) {
            throw new VersionConflictException("precondition failed", version);
        }
        java.util.OptionalLong number = ExactInteger.of(current.value());
        if (number.isEmpty()) {
            throw new NotANumberException("not an integer", version);
        }
        long sum = number.getAsLong() + delta;
        if (!ExactInteger.inRange(sum)) {
            throw new CounterOverflowException("overflow", version);
        }
        items.put(address, new Item(current.version() + 1, ExactInteger.document(sum), false, current.createdAt(), now,
                current.expiresAt()));
        return new WriteResult(get(namespace, key, ReadConsistency.STRONG, now).orElseThrow(), false);
    }

    @Override
    public synchronized WriteResult changeExpiry(TenantNamespace namespace, Key key, TimeToLive ttl,
                                                 Precondition precondition, WriteIdentity identity, Instant now) {
        Address address = new Address(namespace, key);
        Item current = items.get(address);
        if (current == null || !current.liveAt(now)) {
            throw new KeyNotFoundException(namespace, key);
        }
        if (precondition instanceof Precondition.IfVersion v && current.version() != v.version().value()) {
            throw new VersionConflictException("precondition failed", Version.of(current.version()));
        }
        items.put(address, new Item(current.version() + 1, current.value(), false, current.createdAt(), now,
                ttl == null ? null : ttl.expiryAfter(now)));
        return new WriteResult(get(namespace, key, ReadConsistency.STRONG, now).orElseThrow(), false);
    }

    @Override
    public synchronized DeleteResult delete(TenantNamespace namespace, Key key, Precondition precondition,
                                            WriteIdentity identity, Instant now) {
        Address address = new Address(namespace, key);
        Item current = items.get(address);
        if (current == null || !current.liveAt(now)) {
            throw new KeyNotFoundException(namespace, key);
        }
        if (precondition instanceof Precondition.IfVersion v && current.version() != v.version().value()) {
            throw new VersionConflictException("precondition failed", Version.of(current.version()));
        }
        items.put(address, new Item(current.version() + 1, null, true, current.createdAt(), now, null));
        return new DeleteResult(Version.of(current.version() + 1), false);
    }

    /** All or nothing: every condition is evaluated on the same state, then every write applied. */
    @Override
    public synchronized TransactionResult transact(TenantId tenant, List<PreparedOperation> operations,
                                                   WriteIdentity identity, Instant now) {
        List<OperationConflict> conflicts = new ArrayList<>();
        boolean failed = false;
        for (int i = 0; i < operations.size(); i++) {
            PreparedOperation prepared = operations.get(i);
            TransactionOperation operation = prepared.operation();
            Item current = items.get(new Address(prepared.namespace(), operation.key()));
            boolean live = current != null && current.liveAt(now);
            boolean holds = switch (operation.precondition()) {
                case Precondition.None ignored -> !(operation instanceof TransactionOperation.Delete) || live;
                case Precondition.IfAbsent ignored -> !live;
                case Precondition.IfPresent ignored -> live;
                case Precondition.IfVersion v -> live && current.version() == v.version().value();
                case Precondition.Contradictory ignored -> false;
            };
            failed |= !holds;
            conflicts.add(new OperationConflict(i, operation.namespace(), operation.key(), !holds,
                    live ? Version.of(current.version()) : null));
        }
        if (failed) {
            throw new TransactionConflictException(conflicts, false);
        }
        List<OperationResult> results = new ArrayList<>();
        for (PreparedOperation prepared : operations) {
            TransactionOperation operation = prepared.operation();
            Version version = switch (operation) {
                case TransactionOperation.Put put -> put(prepared.namespace(), put.key(), put.value(), prepared.ttl(),
                        Precondition.NONE, identity, prepared.versionFloor(), now).record().version();
                case TransactionOperation.Delete delete ->
                        delete(prepared.namespace(), delete.key(), Precondition.NONE, identity, now).version();
                case TransactionOperation.Check check ->
                        get(prepared.namespace(), check.key(), ReadConsistency.STRONG, now).map(StateRecord::version)
                                .orElse(null);
            };
            results.add(new OperationResult(operation.namespace(), operation.key(), version));
        }
        return new TransactionResult(results, false);
    }

    /** In DynamoDB's sort-key order (UTF-8 bytes); never stops early, so {@code resumeAfter} is empty exactly at the end. */
    @Override
    public KeyPage list(TenantNamespace namespace, KeyQuery query, ReadConsistency consistency, Instant now) {
        Comparator<Key> order = (a, b) -> Arrays.compareUnsigned(a.value().getBytes(StandardCharsets.UTF_8),
                b.value().getBytes(StandardCharsets.UTF_8));
        List<Map.Entry<Address, Item>> range = items.entrySet().stream()
                .filter(e -> e.getKey().namespace().equals(namespace) && query.prefix().matches(e.getKey().key()))
                .filter(e -> query.after().map(after -> order.compare(e.getKey().key(), after) > 0).orElse(true))
                .filter(e -> e.getValue().liveAt(now))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Address::key, order)))
                .toList();
        List<ListedKey> page = range.stream().limit(query.limit()).map(e -> new ListedKey(e.getKey().key(),
                Version.of(e.getValue().version()), e.getValue().createdAt(), e.getValue().updatedAt(),
                Optional.ofNullable(e.getValue().expiresAt()),
                query.values() ? Optional.of(e.getValue().value()) : Optional.empty())).toList();
        return new KeyPage(page, range.size() > query.limit()
                ? Optional.of(page.get(page.size() - 1).key()) : Optional.empty());
    }
}
