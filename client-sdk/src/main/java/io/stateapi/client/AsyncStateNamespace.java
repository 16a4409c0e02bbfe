package io.stateapi.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.internal.ChangeWatch;
import io.stateapi.client.internal.KeyOperations;
import java.util.Collection;
import java.util.Map;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The keys of one namespace, with non-blocking operations. Same semantics as
 * {@link StateNamespace}; failures complete the future exceptionally with the same exceptions
 * (wrapped in {@code CompletionException} by {@code join}, as usual).
 *
 * <p>Continuations and {@code update} functions run on the HTTP client's threads: do not block
 * in them. Cancelling a future cancels the request in flight and any retries.
 */
public final class AsyncStateNamespace {

    private final KeyOperations operations;

    AsyncStateNamespace(KeyOperations operations) {
        this.operations = operations;
    }

    public String name() {
        return operations.namespace();
    }

    public AsyncStateNamespace withRetryPolicy(RetryPolicy retryPolicy) {
        return new AsyncStateNamespace(operations.withRetryPolicy(Objects.requireNonNull(retryPolicy, "retryPolicy")));
    }

    public AsyncStateNamespace withRetryPolicy(Consumer<RetryPolicy.Builder> retryPolicy) {
        return withRetryPolicy(RetryPolicy.from(retryPolicy));
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, Class<T> type) {
        return operations.get(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, TypeReference<T> type) {
        return operations.get(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, JavaType type, ReadOptions options) {
        return operations.get(key, type, options);
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, Class<T> type, ReadOptions options) {
        return operations.get(key, operations.codec().type(type), options);
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, TypeReference<T> type, ReadOptions options) {
        return operations.get(key, operations.codec().type(type), options);
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, Class<T> type, Consumer<ReadOptions.Builder> options) {
        return get(key, type, ReadOptions.from(options));
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, TypeReference<T> type,
                                                  Consumer<ReadOptions.Builder> options) {
        return get(key, type, ReadOptions.from(options));
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> find(String key, Class<T> type) {
        return operations.findTyped(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> find(String key, TypeReference<T> type) {
        return operations.findTyped(key, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> find(String key, JavaType type, ReadOptions options) {
        return operations.findTyped(key, type, options);
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> find(String key, Class<T> type, ReadOptions options) {
        return operations.findTyped(key, operations.codec().type(type), options);
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> find(String key, TypeReference<T> type, ReadOptions options) {
        return operations.findTyped(key, operations.codec().type(type), options);
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> find(String key, Class<T> type,
                                                             Consumer<ReadOptions.Builder> options) {
        return find(key, type, ReadOptions.from(options));
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> find(String key, TypeReference<T> type,
                                                             Consumer<ReadOptions.Builder> options) {
        return find(key, type, ReadOptions.from(options));
    }

    /** See {@link StateNamespace#getAll(Collection, Class)}. */
    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys, Class<T> type) {
        return getAll(keys, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys,
                                                                             TypeReference<T> type) {
        return getAll(keys, operations.codec().type(type), ReadOptions.defaults());
    }

    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys, Class<T> type,
                                                                             ReadOptions options) {
        return getAll(keys, operations.codec().type(type), options);
    }

    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys,
                                                                             TypeReference<T> type, ReadOptions options) {
        return getAll(keys, operations.codec().type(type), options);
    }

    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys, Class<T> type,
                                                                             Consumer<ReadOptions.Builder> options) {
        return getAll(keys, operations.codec().type(type), ReadOptions.from(options));
    }

    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys,
                                                                             TypeReference<T> type,
                                                                             Consumer<ReadOptions.Builder> options) {
        return getAll(keys, operations.codec().type(type), ReadOptions.from(options));
    }

    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys, JavaType type,
                                                                             ReadOptions options) {
        return operations.getAll(Objects.requireNonNull(keys, "keys"), type, Objects.requireNonNull(options, "options"));
    }

    public <T> CompletableFuture<Versioned<T>> put(String key, T value) {
        return operations.put(key, value, WriteOptions.defaults());
    }

    public <T> CompletableFuture<Versioned<T>> put(String key, T value, IfVersion condition) {
        return operations.put(key, value, WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    public <T> CompletableFuture<Versioned<T>> put(String key, T value, WriteOptions options) {
        return operations.put(key, value, options);
    }

    public <T> CompletableFuture<Versioned<T>> put(String key, T value, Consumer<WriteOptions.Builder> options) {
        return put(key, value, WriteOptions.from(options));
    }

    public <T> CompletableFuture<Versioned<T>> create(String key, T value) {
        return operations.put(key, value, WriteOptions.builder().ifAbsent().build());
    }

    public CompletableFuture<Void> delete(String key) {
        return operations.delete(key, WriteOptions.defaults());
    }

    public CompletableFuture<Void> delete(String key, IfVersion condition) {
        return operations.delete(key, Objects.requireNonNull(condition, "condition"));
    }

    public CompletableFuture<Void> delete(String key, WriteOptions options) {
        return operations.delete(key, Objects.requireNonNull(options, "options"));
    }

    public CompletableFuture<Void> delete(String key, Consumer<WriteOptions.Builder> options) {
        return delete(key, WriteOptions.from(options));
    }

    /** See {@link StateNamespace#increment(String, long)}. */
    public CompletableFuture<Versioned<Long>> increment(String key, long delta) {
        return operations.counters().increment(key, delta, WriteOptions.defaults());
    }

    public CompletableFuture<Versioned<Long>> increment(String key, long delta, WriteOptions options) {
        return operations.counters().increment(key, delta, Objects.requireNonNull(options, "options"));
    }

    public CompletableFuture<Versioned<Long>> increment(String key, long delta, Consumer<WriteOptions.Builder> options) {
        return operations.counters().increment(key, delta, WriteOptions.from(options));
    }

    /** See {@link StateNamespace#expire(String, Duration)}. */
    public CompletableFuture<Versioned<JsonNode>> expire(String key, Duration ttl) {
        return operations.counters().changeExpiry(key, Objects.requireNonNull(ttl, "ttl"), WriteOptions.defaults());
    }

    public CompletableFuture<Versioned<JsonNode>> expire(String key, Duration ttl, WriteOptions options) {
        return operations.counters().changeExpiry(key, Objects.requireNonNull(ttl, "ttl"), Objects.requireNonNull(options, "options"));
    }

    /** See {@link StateNamespace#persist(String)}. */
    public CompletableFuture<Versioned<JsonNode>> persist(String key) {
        return operations.counters().changeExpiry(key, null, WriteOptions.defaults());
    }

    public CompletableFuture<Versioned<JsonNode>> persist(String key, WriteOptions options) {
        return operations.counters().changeExpiry(key, null, Objects.requireNonNull(options, "options"));
    }

    public CompletableFuture<Versioned<JsonNode>> expire(String key, Duration ttl, Consumer<WriteOptions.Builder> options) {
        return expire(key, ttl, WriteOptions.from(options));
    }

    public CompletableFuture<Versioned<JsonNode>> persist(String key, Consumer<WriteOptions.Builder> options) {
        return persist(key, WriteOptions.from(options));
    }

    public CompletableFuture<Versioned<JsonNode>> mergePatch(String key, Object patch) {
        return operations.patches().mergePatch(key, patch, WriteOptions.defaults());
    }

    public CompletableFuture<Versioned<JsonNode>> mergePatch(String key, Object patch, IfVersion condition) {
        return operations.patches().mergePatch(key, patch,
                WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    public CompletableFuture<Versioned<JsonNode>> mergePatch(String key, Object patch, WriteOptions options) {
        return operations.patches().mergePatch(key, patch, Objects.requireNonNull(options, "options"));
    }

    public CompletableFuture<Versioned<JsonNode>> jsonPatch(String key, JsonPatch patch) {
        return operations.patches().jsonPatch(key, Objects.requireNonNull(patch, "patch"), WriteOptions.defaults());
    }

    public CompletableFuture<Versioned<JsonNode>> jsonPatch(String key, Consumer<JsonPatch.Builder> patch) {
        return operations.patches().jsonPatch(key, JsonPatch.of(patch), WriteOptions.defaults());
    }

    public CompletableFuture<Versioned<JsonNode>> jsonPatch(String key, JsonPatch patch, IfVersion condition) {
        return operations.patches().jsonPatch(key, Objects.requireNonNull(patch, "patch"),
                WriteOptions.builder().ifVersion(Objects.requireNonNull(condition, "condition")).build());
    }

    public CompletableFuture<Versioned<JsonNode>> jsonPatch(String key, JsonPatch patch, WriteOptions options) {
        return operations.patches().jsonPatch(key, Objects.requireNonNull(patch, "patch"), Objects.requireNonNull(options, "options"));
    }

    public <T> CompletableFuture<Versioned<T>> update(String key, Class<T> type, UnaryOperator<T> fn) {
        return operations.update(key, operations.codec().type(type), fn);
    }

    public <T> CompletableFuture<Versioned<T>> update(String key, TypeReference<T> type, UnaryOperator<T> fn) {
        return operations.update(key, operations.codec().type(type), fn);
    }

    public <T> CompletableFuture<Versioned<T>> updateOrCreate(String key, Class<T> type, Supplier<T> initial,
                                                             UnaryOperator<T> fn) {
        return operations.update(key, operations.codec().type(type), Objects.requireNonNull(initial, "initial"), fn);
    }

    public <T> CompletableFuture<Versioned<T>> updateOrCreate(String key, TypeReference<T> type, Supplier<T> initial,
                                                             UnaryOperator<T> fn) {
        return operations.update(key, operations.codec().type(type), Objects.requireNonNull(initial, "initial"), fn);
    }

    /** One page of keys without values (see {@link StateNamespace#listPage(ListOptions)}). */
    public CompletableFuture<KeyPage<ListedKey>> listPage(ListOptions options) {
        return operations.listings().keys(Objects.requireNonNull(options, "options"));
    }

    public CompletableFuture<KeyPage<ListedKey>> listPage(Consumer<ListOptions.Builder> options) {
        return listPage(ListOptions.of(options));
    }

    /** One page of keys with their values as {@code type}. */
    public <T> CompletableFuture<KeyPage<Versioned<T>>> listPage(Class<T> type, ListOptions options) {
        return operations.listings().values(Objects.requireNonNull(options, "options"), operations.codec().type(type));
    }

    public <T> CompletableFuture<KeyPage<Versioned<T>>> listPage(TypeReference<T> type, ListOptions options) {
        return operations.listings().values(Objects.requireNonNull(options, "options"), operations.codec().type(type));
    }

    /** See {@link StateNamespace#watch(String, String, WatchHandler, WatchOptions)}: a watch never blocks its caller. */
    public Watch watch(String prefix, String cursor, WatchHandler handler) {
        return watch(prefix, cursor, handler, WatchOptions.defaults());
    }

    public Watch watch(String prefix, String cursor, WatchHandler handler, WatchOptions options) {
        return ChangeWatch.start(operations.watches(), Objects.requireNonNull(prefix, "prefix"), cursor, handler,
                options, Map.of());
    }

    public Watch watch(String prefix, String cursor, WatchHandler handler, Consumer<WatchOptions.Builder> options) {
        return watch(prefix, cursor, handler, WatchOptions.from(options));
    }

    public Watch watch(Snapshot snapshot, WatchHandler handler) {
        return watch(snapshot, handler, WatchOptions.defaults());
    }

    public Watch watch(Snapshot snapshot, WatchHandler handler, WatchOptions options) {
        return ChangeWatch.start(operations.watches(), snapshot.prefix(), snapshot.cursor(), handler, options,
                snapshot.versions());
    }

    /** See {@link StateNamespace#snapshot(String)}. */
    public CompletableFuture<Snapshot> snapshot(String prefix) {
        return operations.watches().snapshot(Objects.requireNonNull(prefix, "prefix"));
    }

    @Override
    public String toString() {
        return "AsyncStateNamespace[" + name() + "]";
    }
}
