package io.stateapi.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.internal.ChangeWatch;
import io.stateapi.client.internal.KeyHistories;
import io.stateapi.client.internal.KeyListings;
import io.stateapi.client.internal.KeyOperations;
import java.util.Collection;
import java.util.Map;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The keys of one namespace, with blocking operations. Immutable and thread-safe; get one from
 * {@link StateClient#namespace(String)}. Every operation has an asynchronous twin in
 * {@link #async()} with the same semantics.
 *
 * <p>Values are any type Jackson can map (records, POJOs, collections, {@code JsonNode}).
 * Keys may be hierarchical ({@code users/42/cart}).
 *
 * <p>All operations throw subclasses of {@link StateApiException}; see each method. Batch get,
 * listing, counters and expiry changes, patches and key history are declared, with their
 * overloads, in {@link BatchGetOperations}, {@link ListOperations}, {@link CounterOperations},
 * {@link PatchOperations}, {@link HistoryOperations} and {@link WatchOperations}, which this class implements.
 */
public final class StateNamespace implements BatchGetOperations, CounterOperations, PatchOperations, ListOperations,
        HistoryOperations, WatchOperations {

    private final KeyOperations operations;

    StateNamespace(KeyOperations operations) {
        this.operations = operations;
    }

    public String name() {
        return operations.namespace();
    }

    /** The same namespace with another retry policy for its calls (the client-wide retry budget stays shared). */
    public StateNamespace withRetryPolicy(RetryPolicy retryPolicy) {
        return new StateNamespace(operations.withRetryPolicy(Objects.requireNonNull(retryPolicy, "retryPolicy")));
    }

    /** As {@link #withRetryPolicy(RetryPolicy)}, the builder starting from {@link RetryPolicy#defaults()}. */
    public StateNamespace withRetryPolicy(Consumer<RetryPolicy.Builder> retryPolicy) {
        return withRetryPolicy(RetryPolicy.from(retryPolicy));
    }

    /** The asynchronous view of this namespace. */
    public AsyncStateNamespace async() {
        return new AsyncStateNamespace(operations);
    }

    /** The namespace's subscriptions: queues of their own with a filter (ADR 0038). */
    public Subscriptions subscriptions() { return new Subscriptions(operations.subscriptions()); }

    // ---- get: the value, or KeyNotFoundException

    /**
     * Reads a key (strongly consistent).
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist or has expired
     */
    public <T> Versioned<T> get(String key, Class<T> type) {
        return get(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> Versioned<T> get(String key, TypeReference<T> type) {
        return get(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> Versioned<T> get(String key, Class<T> type, ReadOptions options) {
        return get(key, operations.codec().type(type), options);
    }

    public <T> Versioned<T> get(String key, TypeReference<T> type, ReadOptions options) {
        return get(key, operations.codec().type(type), options);
    }

    public <T> Versioned<T> get(String key, JavaType type, ReadOptions options) {
        return Blocking.await(operations.get(key, type, options));
    }

    /** Reads with options built in place: {@code get("k", Cart.class, o -> o.consistency(Consistency.EVENTUAL))}. */
    public <T> Versioned<T> get(String key, Class<T> type, Consumer<ReadOptions.Builder> options) {
        return get(key, type, ReadOptions.from(options));
    }

    public <T> Versioned<T> get(String key, TypeReference<T> type, Consumer<ReadOptions.Builder> options) {
        return get(key, type, ReadOptions.from(options));
    }

    // ---- find: Optional.empty() when absent

    /** Reads a key; empty when it does not exist or has expired. */
    public <T> Optional<Versioned<T>> find(String key, Class<T> type) {
        return find(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> Optional<Versioned<T>> find(String key, TypeReference<T> type) {
        return find(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> Optional<Versioned<T>> find(String key, Class<T> type, ReadOptions options) {
        return find(key, operations.codec().type(type), options);
    }

    public <T> Optional<Versioned<T>> find(String key, JavaType type, ReadOptions options) {
        return Blocking.await(operations.findTyped(key, type, options));
    }

    public <T> Optional<Versioned<T>> find(String key, TypeReference<T> type, ReadOptions options) {
        return find(key, operations.codec().type(type), options);
    }

    public <T> Optional<Versioned<T>> find(String key, Class<T> type, Consumer<ReadOptions.Builder> options) {
        return find(key, type, ReadOptions.from(options));
    }

    public <T> Optional<Versioned<T>> find(String key, TypeReference<T> type, Consumer<ReadOptions.Builder> options) {
        return find(key, type, ReadOptions.from(options));
    }

    // ---- getAll: batch get (BatchGetOperations, ADR 0027)

    @Override
    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, JavaType type, ReadOptions options) {
        return Blocking.await(operations.getAll(Objects.requireNonNull(keys, "keys"), type,
                Objects.requireNonNull(options, "options")));
    }

    // ---- writes

    /**
     * Writes a value, last write wins: whatever the key held is replaced. Returns the new
     * version (the returned value is the object passed in).
     */
    public <T> Versioned<T> put(String key, T value) {
        return put(key, value, WriteOptions.defaults());
    }

    /**
     * Compare-and-set: writes only if the key is at the given version.
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when it is not; {@code currentVersion()} says where it is
     * @throws io.stateapi.client.exceptions.WriteOutcomeUnknownException when no definitive answer came before the retries ran out (its {@code idempotencyKey()} resolves it)
     */
    public <T> Versioned<T> put(String key, T value, IfVersion condition) {
        return put(key, value, WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    /** Writes with the given precondition and time to live. */
    public <T> Versioned<T> put(String key, T value, WriteOptions options) {
        return Blocking.await(operations.put(key, value, options));
    }

    /** Writes with options built in place: {@code put("k", cart, o -> o.ifVersion(3).ttl(Duration.ofHours(1)))}. */
    public <T> Versioned<T> put(String key, T value, Consumer<WriteOptions.Builder> options) {
        return put(key, value, WriteOptions.from(options));
    }

    /**
     * Creates a key that must not exist yet ({@code If-None-Match: *}).
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when it exists
     */
    public <T> Versioned<T> create(String key, T value) {
        return put(key, value, WriteOptions.builder().ifAbsent().build());
    }

    /**
     * Deletes a key.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when it does not exist
     */
    public void delete(String key) {
        Blocking.await(operations.delete(key, WriteOptions.defaults()));
    }

    /**
     * Deletes a key only if it is at the given version.
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when it is not
     */
    public void delete(String key, IfVersion condition) {
        Blocking.await(operations.delete(key, Objects.requireNonNull(condition, "condition")));
    }

    /**
     * Deletes a key with the options' precondition ({@code ifVersion}) and idempotency key.
     *
     * @throws IllegalArgumentException when the options hold a time to live or create-only, which a delete cannot use
     */
    public void delete(String key, WriteOptions options) {
        Blocking.await(operations.delete(key, Objects.requireNonNull(options, "options")));
    }

    /** Deletes with options built in place: {@code delete("k", o -> o.ifVersion(3))}. */
    public void delete(String key, Consumer<WriteOptions.Builder> options) {
        delete(key, WriteOptions.from(options));
    }

    // ---- counters and expiry (CounterOperations, ADR 0034) and patches (PatchOperations, ADR 0029)

    @Override
    public Versioned<Long> increment(String key, long delta, WriteOptions options) {
        return Blocking.await(operations.counters().increment(key, delta, Objects.requireNonNull(options, "options")));
    }

    @Override
    public Versioned<JsonNode> expire(String key, Duration ttl, WriteOptions options) {
        return Blocking.await(operations.counters().changeExpiry(key, Objects.requireNonNull(ttl, "ttl"),
                Objects.requireNonNull(options, "options")));
    }

    @Override
    public Versioned<JsonNode> persist(String key, WriteOptions options) {
        return Blocking.await(operations.counters().changeExpiry(key, null, Objects.requireNonNull(options, "options")));
    }

    @Override
    public Versioned<JsonNode> mergePatch(String key, Object patch, WriteOptions options) {
        return Blocking.await(operations.patches().mergePatch(key, patch, Objects.requireNonNull(options, "options")));
    }

    @Override
    public Versioned<JsonNode> jsonPatch(String key, JsonPatch patch, WriteOptions options) {
        return Blocking.await(operations.patches().jsonPatch(key, Objects.requireNonNull(patch, "patch"),
                Objects.requireNonNull(options, "options")));
    }

    // ---- list by prefix (ListOperations, ADR 0026)

    @Override
    public Stream<ListedKey> list(ListOptions options) {
        KeyListings listings = operations.listings();
        return KeyListings.stream(Objects.requireNonNull(options, "options"), page -> Blocking.await(listings.keys(page)));
    }

    @Override
    public <T> Stream<Versioned<T>> list(JavaType type, ListOptions options) {
        KeyListings listings = operations.listings();
        return KeyListings.stream(Objects.requireNonNull(options, "options"),
                page -> Blocking.await(listings.<T>values(page, type)));
    }

    @Override
    public KeyPage<ListedKey> listPage(ListOptions options) {
        return Blocking.await(operations.listings().keys(Objects.requireNonNull(options, "options")));
    }

    @Override
    public <T> KeyPage<Versioned<T>> listPage(JavaType type, ListOptions options) {
        return Blocking.await(operations.listings().values(Objects.requireNonNull(options, "options"), type));
    }

    // ---- key history and restore (HistoryOperations, ADR 0036)

    @Override
    public Stream<KeyVersion> history(String key) {
        KeyHistories histories = operations.histories();
        return KeyListings.stream(ListOptions.defaults(), page -> Blocking.await(histories.page(key, page.cursor().orElse(null))));
    }

    @Override
    public KeyVersion getVersion(String key, long version) {
        return Blocking.await(operations.histories().version(key, version));
    }

    @Override
    public Versioned<JsonNode> restore(String key, long version, WriteOptions options) {
        return Blocking.await(operations.histories().restore(key, version, Objects.requireNonNull(options, "options")));
    }

    // ---- update: the compare-and-set loop

    /**
     * Changes a key's value safely under concurrency: reads it, applies {@code fn}, and writes
     * the result only if nobody changed the key in between ({@code If-Match}); if somebody did,
     * starts over with the fresh value, after a short jittered pause. No change is ever lost and
     * {@code fn} never works on a stale value whose result would be written.
     *
     * <p>{@code fn} may run more than once, so it must have no side effects besides computing
     * the new value; it receives a fresh object each time and may mutate and return it. If it
     * returns a value equal to the current one, nothing is written. A key's time to live is kept.
     * Calls on one key through this object take turns, first come first served: threads sharing
     * it never race each other (ADR 0042); writers elsewhere do.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist
     * @throws io.stateapi.client.exceptions.UpdateContentionException when every attempt lost the race ({@link RetryPolicy#maxUpdateAttempts()})
     * @throws io.stateapi.client.exceptions.WriteOutcomeUnknownException when a compare-and-set got no definitive answer before the retries ran out; the function is not applied again
     */
    public <T> Versioned<T> update(String key, Class<T> type, UnaryOperator<T> fn) {
        return Blocking.await(operations.update(key, operations.codec().type(type), fn));
    }

    public <T> Versioned<T> update(String key, TypeReference<T> type, UnaryOperator<T> fn) {
        return Blocking.await(operations.update(key, operations.codec().type(type), fn));
    }

    /**
     * As {@link #update(String, Class, UnaryOperator)}, but a key that does not exist is created:
     * {@code fn} is applied to {@code initial.get()} and the result written with
     * {@code If-None-Match: *}. If another writer creates the key first, the loop carries on
     * with its value. Handy for counters and accumulators.
     *
     * <pre>{@code
     * hits.updateOrCreate("page/home", Counter.class, () -> new Counter(0), c -> c.plus(1));
     * }</pre>
     */
    public <T> Versioned<T> updateOrCreate(String key, Class<T> type, Supplier<T> initial, UnaryOperator<T> fn) {
        return Blocking.await(operations.update(key, operations.codec().type(type), Objects.requireNonNull(initial, "initial"), fn));
    }

    public <T> Versioned<T> updateOrCreate(String key, TypeReference<T> type, Supplier<T> initial, UnaryOperator<T> fn) {
        return Blocking.await(operations.update(key, operations.codec().type(type), Objects.requireNonNull(initial, "initial"), fn));
    }

    // ---- the watch and its snapshot (WatchOperations, ADR 0037 and 0039)

    @Override
    public Watch watch(String prefix, String cursor, WatchHandler handler, WatchOptions options) {
        return ChangeWatch.start(operations.watches(), Objects.requireNonNull(prefix, "prefix"), cursor, handler,
                options, Map.of());
    }

    @Override
    public Watch watch(Snapshot snapshot, WatchHandler handler, WatchOptions options) {
        return ChangeWatch.start(operations.watches(), snapshot.prefix(), snapshot.cursor(), handler, options,
                snapshot.versions());
    }

    @Override
    public Snapshot snapshot(String prefix) {
        return Blocking.await(operations.watches().snapshot(Objects.requireNonNull(prefix, "prefix")));
    }

    @Override
    public String toString() {
        return "StateNamespace[" + name() + "]";
    }
}
