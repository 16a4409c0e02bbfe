package io.stateapi.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.internal.KeyListings;
import io.stateapi.client.internal.KeyOperations;
import java.util.Collection;
import java.util.Map;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * <p>All operations throw subclasses of {@link StateApiException}; see each method.
 */
public final class StateNamespace {

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
        return await(operations.get(key, type, options));
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
        return await(operations.findTyped(key, type, options));
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

    // ---- getAll: batch get

    /**
     * Reads several keys (strongly consistent): one entry per distinct key, in the order given,
     * holding the key's value and version, or empty when it does not exist or has expired (a
     * namespace that does not exist holds none of them). The keys go 100 to a request, one
     * request after another; values the service left out of an answer to keep it under its size
     * limit are read again, so every found key has its value. Each key is read on its own: the
     * result is no snapshot across keys (docs/consistency.md).
     *
     * <pre>{@code
     * Map<String, Optional<Versioned<Cart>>> carts = ns.getAll(List.of("users/42", "users/43"), Cart.class);
     * }</pre>
     *
     * @throws io.stateapi.client.exceptions.InvalidKeyException when a key is not valid
     * @throws io.stateapi.client.exceptions.InvalidRequestException when two keys are one key after Unicode NFC normalisation
     */
    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, Class<T> type) {
        return getAll(keys, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, TypeReference<T> type) {
        return getAll(keys, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, Class<T> type, ReadOptions options) {
        return getAll(keys, operations.codec().type(type), options);
    }

    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, TypeReference<T> type,
                                                          ReadOptions options) {
        return getAll(keys, operations.codec().type(type), options);
    }

    /** As {@link #getAll(Collection, Class, ReadOptions)}, the options built in place: {@code b -> b.consistency(EVENTUAL)}. */
    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, Class<T> type,
                                                          Consumer<ReadOptions.Builder> options) {
        return getAll(keys, operations.codec().type(type), ReadOptions.from(options));
    }

    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, TypeReference<T> type,
                                                          Consumer<ReadOptions.Builder> options) {
        return getAll(keys, operations.codec().type(type), ReadOptions.from(options));
    }

    public <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, JavaType type, ReadOptions options) {
        return await(operations.getAll(Objects.requireNonNull(keys, "keys"), type,
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
        return await(operations.put(key, value, options));
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
        await(operations.delete(key, WriteOptions.defaults()));
    }

    /**
     * Deletes a key only if it is at the given version.
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when it is not
     */
    public void delete(String key, IfVersion condition) {
        await(operations.delete(key, Objects.requireNonNull(condition, "condition")));
    }

    /**
     * Deletes a key with the options' precondition ({@code ifVersion}) and idempotency key.
     *
     * @throws IllegalArgumentException when the options hold a time to live or create-only, which a delete cannot use
     */
    public void delete(String key, WriteOptions options) {
        await(operations.delete(key, Objects.requireNonNull(options, "options")));
    }

    /** Deletes with options built in place: {@code delete("k", o -> o.ifVersion(3))}. */
    public void delete(String key, Consumer<WriteOptions.Builder> options) {
        delete(key, WriteOptions.from(options));
    }

    // ---- counters and expiry (ADR 0034)

    /**
     * Adds {@code delta} (negative to subtract) to the key's integer value atomically, in one
     * conditional write on the service (no read, no compare-and-set loop), and returns the new
     * number and version. An absent, deleted or expired key starts from 0. Like Redis
     * {@code INCRBY} or a DynamoDB {@code ADD}.
     *
     * @throws io.stateapi.client.exceptions.NotANumberException when the value is not an integer
     * @throws io.stateapi.client.exceptions.CounterOverflowException when the sum would leave -(2^53-1)..2^53-1
     */
    public Versioned<Long> increment(String key, long delta) {
        return increment(key, delta, WriteOptions.defaults());
    }

    /**
     * As {@link #increment(String, long)}, with the options' precondition ({@code ifVersion}:
     * increment only at that version; {@code IfVersion.exists()}: only an existing key) and
     * idempotency key.
     *
     * @throws IllegalArgumentException when the options hold a time to live or create-only
     * @throws io.stateapi.client.exceptions.VersionConflictException when the precondition fails
     */
    public Versioned<Long> increment(String key, long delta, WriteOptions options) {
        return await(operations.increment(key, delta, Objects.requireNonNull(options, "options")));
    }

    public Versioned<Long> increment(String key, long delta, Consumer<WriteOptions.Builder> options) {
        return increment(key, delta, WriteOptions.from(options));
    }

    /** {@code increment(key, -delta)}. */
    public Versioned<Long> decrement(String key, long delta) {
        return increment(key, Math.negateExact(delta));
    }

    /**
     * Sets the key's expiry to {@code ttl} from now (longer or shorter than before) without
     * rewriting its value; returns its new state (a new version). Like Redis {@code EXPIRE}.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist or has expired
     */
    public Versioned<JsonNode> expire(String key, Duration ttl) {
        return expire(key, Objects.requireNonNull(ttl, "ttl"), WriteOptions.defaults());
    }

    /** As {@link #expire(String, Duration)}, with the options' precondition and idempotency key. */
    public Versioned<JsonNode> expire(String key, Duration ttl, WriteOptions options) {
        return await(operations.changeExpiry(key, Objects.requireNonNull(ttl, "ttl"),
                Objects.requireNonNull(options, "options")));
    }

    public Versioned<JsonNode> expire(String key, Duration ttl, Consumer<WriteOptions.Builder> options) {
        return expire(key, ttl, WriteOptions.from(options));
    }

    /**
     * Clears the key's expiry, so its value never expires, without rewriting it; returns its new
     * state (a new version). Like Redis {@code PERSIST}.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist or has expired
     */
    public Versioned<JsonNode> persist(String key) {
        return persist(key, WriteOptions.defaults());
    }

    public Versioned<JsonNode> persist(String key, WriteOptions options) {
        return await(operations.changeExpiry(key, null, Objects.requireNonNull(options, "options")));
    }

    public Versioned<JsonNode> persist(String key, Consumer<WriteOptions.Builder> options) {
        return persist(key, WriteOptions.from(options));
    }

    // ---- patches (ADR 0029): the service applies them to one version, atomically

    /**
     * Applies a JSON Merge Patch (RFC 7396): members of {@code patch} are set, members set to
     * null are removed (pass a {@code JsonNode} or a {@code Map} to send nulls), and a patch that
     * is not an object replaces the value. The service retries its own compare-and-set, so
     * concurrent patches of different members all land. The key keeps its expiry.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist (a patch creates nothing)
     * @throws io.stateapi.client.exceptions.PayloadTooLargeException when the result is larger than the namespace takes
     * @throws io.stateapi.client.exceptions.ServiceUnavailableException when contention on the key outlasted the service's rounds and the retries
     */
    public Versioned<JsonNode> mergePatch(String key, Object patch) {
        return mergePatch(key, patch, WriteOptions.defaults());
    }

    /**
     * As {@link #mergePatch(String, Object)}, applied only at the given version.
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when the key is at another version
     */
    public Versioned<JsonNode> mergePatch(String key, Object patch, IfVersion condition) {
        return mergePatch(key, patch, WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    /**
     * With the options' {@code ifVersion} and idempotency key.
     *
     * @throws IllegalArgumentException when the options hold a time to live or create-only, which a patch cannot use
     */
    public Versioned<JsonNode> mergePatch(String key, Object patch, WriteOptions options) {
        return await(operations.patches().mergePatch(key, patch, Objects.requireNonNull(options, "options")));
    }

    /**
     * Applies a JSON Patch (RFC 6902): every operation, in order, or none.
     *
     * @throws io.stateapi.client.exceptions.PatchTestFailedException when a {@code test} operation does not hold
     * @throws io.stateapi.client.exceptions.PatchNotApplicableException when an operation's path or {@code from} names nothing
     * @throws io.stateapi.client.exceptions.InvalidPatchException when the service refuses the patch's shape
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist
     */
    public Versioned<JsonNode> jsonPatch(String key, JsonPatch patch) {
        return jsonPatch(key, patch, WriteOptions.defaults());
    }

    /** {@code carts.jsonPatch("users/42", p -> p.test("/status", "open").add("/items/-", item))} */
    public Versioned<JsonNode> jsonPatch(String key, Consumer<JsonPatch.Builder> patch) {
        return jsonPatch(key, JsonPatch.of(patch), WriteOptions.defaults());
    }

    /**
     * As {@link #jsonPatch(String, JsonPatch)}, applied only at the given version.
     *
     * @throws io.stateapi.client.exceptions.VersionConflictException when the key is at another version
     */
    public Versioned<JsonNode> jsonPatch(String key, JsonPatch patch, IfVersion condition) {
        return jsonPatch(key, patch, WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    public Versioned<JsonNode> jsonPatch(String key, JsonPatch patch, WriteOptions options) {
        return await(operations.patches().jsonPatch(key, Objects.requireNonNull(patch, "patch"),
                Objects.requireNonNull(options, "options")));
    }

    // ---- list by prefix (ADR 0026)

    /**
     * Every key with the options' prefix, in key order, without values, as a lazy stream: a page
     * is fetched when iteration reaches it, and each traversal starts at the options' cursor (or
     * the first key). A key live for the whole traversal appears exactly once; one written or
     * deleted meanwhile may or may not. A failure on a later page is thrown from the stream.
     *
     * @throws io.stateapi.client.exceptions.NamespaceNotFoundException when the namespace does not exist
     * @throws io.stateapi.client.exceptions.InvalidCursorException when the options' cursor is not one of this listing
     */
    public Stream<ListedKey> list(ListOptions options) {
        KeyListings listings = operations.listings();
        return KeyListings.stream(Objects.requireNonNull(options, "options"), page -> await(listings.keys(page)));
    }

    /** Every key of the namespace (see {@link #list(ListOptions)}). */
    public Stream<ListedKey> list() {
        return list(ListOptions.defaults());
    }

    public Stream<ListedKey> list(Consumer<ListOptions.Builder> options) {
        return list(ListOptions.of(options));
    }

    /** As {@link #list(ListOptions)}, each key with its value as {@code type}. */
    public <T> Stream<Versioned<T>> list(Class<T> type, ListOptions options) {
        return list(operations.codec().type(type), options);
    }

    public <T> Stream<Versioned<T>> list(Class<T> type, Consumer<ListOptions.Builder> options) {
        return list(operations.codec().type(type), ListOptions.of(options));
    }

    public <T> Stream<Versioned<T>> list(TypeReference<T> type, ListOptions options) {
        return list(operations.codec().type(type), options);
    }

    public <T> Stream<Versioned<T>> list(JavaType type, ListOptions options) {
        KeyListings listings = operations.listings();
        return KeyListings.stream(Objects.requireNonNull(options, "options"),
                page -> await(listings.<T>values(page, type)));
    }

    /**
     * One page of keys without values, from the options' cursor; pass its {@code nextCursor} back
     * in the options (same prefix) for the next. For callers that keep the cursor themselves.
     */
    public KeyPage<ListedKey> listPage(ListOptions options) {
        return await(operations.listings().keys(Objects.requireNonNull(options, "options")));
    }

    public KeyPage<ListedKey> listPage(Consumer<ListOptions.Builder> options) {
        return listPage(ListOptions.of(options));
    }

    /** One page of keys with their values as {@code type}. */
    public <T> KeyPage<Versioned<T>> listPage(Class<T> type, ListOptions options) {
        return await(operations.listings().values(Objects.requireNonNull(options, "options"), operations.codec().type(type)));
    }

    public <T> KeyPage<Versioned<T>> listPage(TypeReference<T> type, ListOptions options) {
        return await(operations.listings().values(Objects.requireNonNull(options, "options"), operations.codec().type(type)));
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
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist
     * @throws io.stateapi.client.exceptions.UpdateContentionException when every attempt lost the race ({@link RetryPolicy#maxUpdateAttempts()})
     * @throws io.stateapi.client.exceptions.WriteOutcomeUnknownException when a compare-and-set got no definitive answer before the retries ran out; the function is not applied again
     */
    public <T> Versioned<T> update(String key, Class<T> type, UnaryOperator<T> fn) {
        return await(operations.update(key, operations.codec().type(type), fn));
    }

    public <T> Versioned<T> update(String key, TypeReference<T> type, UnaryOperator<T> fn) {
        return await(operations.update(key, operations.codec().type(type), fn));
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
        return await(operations.update(key, operations.codec().type(type), Objects.requireNonNull(initial, "initial"), fn));
    }

    public <T> Versioned<T> updateOrCreate(String key, TypeReference<T> type, Supplier<T> initial, UnaryOperator<T> fn) {
        return await(operations.update(key, operations.codec().type(type), Objects.requireNonNull(initial, "initial"), fn));
    }

    @Override
    public String toString() {
        return "StateNamespace[" + name() + "]";
    }

    /** Waits for an operation; its failure is rethrown as it is, not wrapped. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StateApiException("interrupted while waiting for the State API", e);
        } catch (ExecutionException e) {
            Throwable cause = KeyOperations.unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StateApiException(cause.toString(), cause);
        }
    }
}
