package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.Consistency;
import io.stateapi.client.IfVersion;
import io.stateapi.client.ReadOptions;
import io.stateapi.client.RetryPolicy;
import io.stateapi.client.Versioned;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.ValueMappingException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The operations on the keys of one namespace, asynchronous; the synchronous API waits on them,
 * so both have exactly the same semantics.
 */
public final class KeyOperations {

    private static final String JSON = "application/json";
    static final String ACCEPT = "application/json, application/problem+json";

    private final Transport transport;
    private final Writes writes;
    private final JsonCodec codec;
    private final VersionCache cache;
    private final String namespace;
    private final RetryPolicy policy;
    private final UpdateTurns turns = new UpdateTurns();

    public KeyOperations(Transport transport, Writes writes, JsonCodec codec, VersionCache cache, String namespace,
                         RetryPolicy policy) {
        this.transport = transport;
        this.writes = writes;
        this.codec = codec;
        this.cache = cache;
        this.namespace = namespace;
        this.policy = policy;
    }

    public String namespace() { return namespace; }

    public JsonCodec codec() { return codec; }

    /** The subscriptions of this namespace (ADR 0038), with this retry policy. */
    public SubscriptionOperations subscriptions() { return new SubscriptionOperations(transport, policy, namespace); }

    /** Key history and restore (ADR 0036), and the watch and its snapshot (ADR 0037), with this retry policy. */
    public KeyHistories histories() { return new KeyHistories(this, transport); }
    public WatchRequests watches() { return new WatchRequests(transport, namespace, policy); }

    /** Listing by prefix in this namespace, with this retry policy. */
    public KeyListings listings() {
        return new KeyListings(transport, codec, namespace, policy);
    }

    public KeyOperations withRetryPolicy(RetryPolicy newPolicy) {
        return new KeyOperations(transport, writes, codec, cache, namespace, newPolicy);
    }

    // ---- reads

    /** The key's state; the future fails with KeyNotFoundException when it is absent. */
    public CompletableFuture<Representation> read(String key, ReadOptions options) {
        Transport.Request request;
        Representation cached;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", ACCEPT);
            cached = cache == null ? null : cache.get(namespace, key);
            if (cached != null) {
                headers.put("If-None-Match", "\"" + cached.version() + "\"");
            }
            String query = options.consistency() == Consistency.EVENTUAL ? "consistency=eventual" : null;
            request = new Transport.Request("GET", KeyPaths.keyPath(namespace, key), query, headers, null,
                    Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        return cancellable(sent, sent.thenApply(response -> switch (response.status()) {
            case 200 -> remember(representation(request, response));
            case 304 -> {
                if (cached == null) {
                    throw CallTrace.record(new StateApiException(Transport.describe(request) + ": 304 without a cached entry",
                            304, null, null, null), response);
                }
                yield cached;
            }
            default -> {
                if (response.status() == 404 && cache != null) {
                    cache.remove(namespace, key);
                }
                throw ProblemMapper.toException(request, response);
            }
        }));
    }

    public CompletableFuture<Optional<Representation>> find(String key, ReadOptions options) {
        CompletableFuture<Representation> read = read(key, options);
        return cancellable(read, read.handle((representation, error) -> {
            if (error == null) {
                return Optional.of(representation);
            }
            Throwable cause = unwrap(error);
            // A namespace comes into being with its first write: until then its keys are absent.
            if (cause instanceof KeyNotFoundException || cause instanceof NamespaceNotFoundException) {
                return Optional.empty();
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        }));
    }

    public <T> CompletableFuture<Versioned<T>> get(String key, JavaType type, ReadOptions options) {
        CompletableFuture<Representation> read = read(key, options);
        return cancellable(read, read.thenApply(r -> r.as(codec.<T>fromTree(r.value(), type))));
    }

    public <T> CompletableFuture<Optional<Versioned<T>>> findTyped(String key, JavaType type, ReadOptions options) {
        CompletableFuture<Optional<Representation>> found = find(key, options);
        return cancellable(found, found.thenApply(f -> f.map(r -> r.as(codec.<T>fromTree(r.value(), type)))));
    }

    /** Batch get, in requests of up to 100 keys (see {@link BatchGets}); in the order of {@code keys}. */
    public <T> CompletableFuture<Map<String, Optional<Versioned<T>>>> getAll(Collection<String> keys, JavaType type,
                                                                             ReadOptions options) {
        return new BatchGets(transport, codec, namespace, policy).getAll(keys, type, options);
    }

    // ---- writes

    public <T> CompletableFuture<Versioned<T>> put(String key, T value, WriteOptions options) {
        JsonNode tree;
        try {
            tree = codec.toTree(value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Representation> written = write(key, tree, options);
        return cancellable(written, written.thenApply(r -> r.as(value)));
    }

    public CompletableFuture<Representation> write(String key, JsonNode value, WriteOptions options) {
        Writes.Write write;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            headers.put("Accept", ACCEPT);
            if (options.ifAbsent()) {
                headers.put("If-None-Match", "*");
            }
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", ifMatch(condition)));
            Long ttl = options.ttl().map(Duration::toSeconds).orElse(null);
            write = new Writes.Write("PUT", KeyPaths.keyPath(namespace, key), headers, JsonCodec.writeBody(value, ttl),
                    namesOneVersion(options), options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = writes.send(write, policy);
        return cancellable(sent, sent.thenApply(response -> remember(representation(write, response))));
    }

    /** Partial updates of this namespace's keys (ADR 0029). */
    public PatchOperations patches() {
        return new PatchOperations(this);
    }

    public CompletableFuture<Void> delete(String key, WriteOptions options) {
        Writes.Write write;
        try {
            if (options.ttl().isPresent() || options.ifAbsent()) {
                throw new IllegalArgumentException("a delete takes no time to live and no create-only condition; got " + options);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", ACCEPT);
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", ifMatch(condition)));
            write = new Writes.Write("DELETE", KeyPaths.keyPath(namespace, key), headers, null,
                    namesOneVersion(options), options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = writes.send(write, policy);
        return cancellable(sent, sent.handle((response, error) -> {
            if (cache != null) {
                cache.remove(namespace, key);
            }
            if (error != null) {
                Throwable cause = unwrap(error);
                throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
            }
            return null;
        }));
    }

    public CompletableFuture<Void> delete(String key, IfVersion condition) {
        return delete(key, condition == null ? WriteOptions.defaults() : WriteOptions.builder().ifVersion(condition).build());
    }

    /** Counters and expiry changes of this namespace's keys (ADR 0034). */
    public CounterAndExpiryWrites counters() {
        return new CounterAndExpiryWrites(this);
    }

    /** {@code If-Match: "<version>"}, as opposed to {@code If-Match: *}, create-only or none. */
    static boolean namesOneVersion(WriteOptions options) {
        return options.ifVersion().map(condition -> condition.version() > 0).orElse(false);
    }

    // ---- compare-and-set loop

    /** See {@link CompareAndSetLoop}; the updates of one key through this object take turns ({@link UpdateTurns}). */
    public <T> CompletableFuture<Versioned<T>> update(String key, JavaType type, UnaryOperator<T> fn) {
        return turns.inTurn(key, () -> new CompareAndSetLoop<>(this, key, type, null, fn).start());
    }

    /** As above; an absent key is created from {@code initial}. */
    public <T> CompletableFuture<Versioned<T>> update(String key, JavaType type, Supplier<T> initial, UnaryOperator<T> fn) {
        return turns.inTurn(key, () -> new CompareAndSetLoop<>(this, key, type, initial, fn).start());
    }

    Writes writes() {
        return writes;
    }

    RetryPolicy policy() {
        return policy;
    }

    Representation remember(Representation representation) {
        if (cache != null) {
            cache.put(representation);
        }
        return representation;
    }

    private static Representation representation(Transport.Request request, Transport.Response response) {
        return representation(Transport.describe(request), response);
    }

    static Representation representation(Writes.Write write, Transport.Response response) {
        return representation(write.method() + " " + write.path(), response);
    }

    private static Representation representation(String request, Transport.Response response) {
        try {
            return Representation.parse(JsonCodec.parse(response.body()));
        } catch (IOException | RuntimeException e) {
            throw CallTrace.record(new ValueMappingException(request + ": unreadable representation: " + e.getMessage(), e),
                    response);
        }
    }

    static String ifMatch(IfVersion condition) {
        return condition.version() == 0 ? "*" : "\"" + condition.version() + "\"";
    }

    /** Cancelling what the caller holds cancels the exchange (and its retries) underneath. */
    static <T> CompletableFuture<T> cancellable(CompletableFuture<?> source, CompletableFuture<T> derived) {
        derived.whenComplete((value, error) -> {
            if (derived.isCancelled()) {
                source.cancel(true);
            }
        });
        return derived;
    }

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
