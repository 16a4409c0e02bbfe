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
import io.stateapi.client.exceptions.UpdateContentionException;
import io.stateapi.client.exceptions.ValueMappingException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The operations on the keys of one namespace, asynchronous; the synchronous API waits on them,
 * so both have exactly the same semantics.
 */
public final class KeyOperations {

    private static final String JSON = "application/json";
    private static final String ACCEPT = "application/json, application/problem+json";

    private final Transport transport;
    private final JsonCodec codec;
    private final VersionCache cache;
    private final String namespace;
    private final RetryPolicy policy;

    public KeyOperations(Transport transport, JsonCodec codec, VersionCache cache, String namespace, RetryPolicy policy) {
        this.transport = transport;
        this.codec = codec;
        this.cache = cache;
        this.namespace = namespace;
        this.policy = policy;
    }

    public String namespace() {
        return namespace;
    }

    public JsonCodec codec() {
        return codec;
    }

    public KeyOperations withRetryPolicy(RetryPolicy newPolicy) {
        return new KeyOperations(transport, codec, cache, namespace, newPolicy);
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
                    throw new StateApiException(Transport.describe(request) + ": 304 without a cached entry", 304, null, null, null);
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
            if (cause instanceof KeyNotFoundException) {
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
        Transport.Request request;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", JSON);
            headers.put("Accept", ACCEPT);
            if (options.ifAbsent()) {
                headers.put("If-None-Match", "*");
            }
            options.ifVersion().ifPresent(condition -> headers.put("If-Match", ifMatch(condition)));
            Long ttl = options.ttl().map(Duration::toSeconds).orElse(null);
            request = new Transport.Request("PUT", KeyPaths.keyPath(namespace, key), null, headers,
                    JsonCodec.writeBody(value, ttl),
                    options.isConditional() ? Transport.Replay.SAFE : Transport.Replay.ONLY_IF_NOT_RECEIVED);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        return cancellable(sent, sent.thenApply(response -> {
            if (response.status() == 200 || response.status() == 201) {
                return remember(representation(request, response));
            }
            StateApiException error = ProblemMapper.toException(request, response);
            if (error instanceof VersionConflictException conflict && response.earlierAttemptUnknown()) {
                throw new WriteOutcomeUnknownException(Transport.describe(request)
                        + ": an earlier attempt's answer was lost and the retry found the key changed"
                        + " (now " + conflict.currentVersion().stream().mapToObj(v -> "at version " + v).findFirst().orElse("absent")
                        + "); the first attempt may or may not have been applied",
                        conflict.currentVersion().isPresent() ? conflict.currentVersion().getAsLong() : null, conflict);
            }
            throw error;
        }));
    }

    public CompletableFuture<Void> delete(String key, IfVersion condition) {
        Transport.Request request;
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", ACCEPT);
            if (condition != null) {
                headers.put("If-Match", ifMatch(condition));
            }
            request = new Transport.Request("DELETE", KeyPaths.keyPath(namespace, key), null, headers, null,
                    Transport.Replay.SAFE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        return cancellable(sent, sent.thenApply(response -> {
            if (cache != null) {
                cache.remove(namespace, key);
            }
            if (response.status() == 204) {
                return null;
            }
            StateApiException error = ProblemMapper.toException(request, response);
            if (response.earlierAttemptUnknown()) {
                // The retry of a delete whose answer was lost finds the key gone: the goal
                // (absence) holds either way, so this is success.
                if (error instanceof KeyNotFoundException) {
                    return null;
                }
                if (error instanceof VersionConflictException conflict) {
                    if (conflict.currentVersion().isEmpty()) {
                        return null;
                    }
                    throw new WriteOutcomeUnknownException(Transport.describe(request)
                            + ": an earlier attempt's answer was lost and the retry found the key at version "
                            + conflict.currentVersion().getAsLong(), conflict.currentVersion().getAsLong(), conflict);
                }
            }
            throw error;
        }));
    }

    // ---- compare-and-set loop

    /**
     * Reads the key, applies {@code fn} to its value, and writes the result with
     * {@code If-Match}; when another writer got in between, starts over from the fresh value.
     * The function may run several times, always on the latest value it was given; its result
     * is written only if that value is still current.
     */
    public <T> CompletableFuture<Versioned<T>> update(String key, JavaType type, UnaryOperator<T> fn) {
        return update(key, type, null, fn);
    }

    /**
     * As {@link #update(String, JavaType, UnaryOperator)}; when the key is absent and
     * {@code initial} is given, {@code fn} is applied to a fresh initial value and the result is
     * created ({@code If-None-Match: *}), so a racing creator is handled like any other writer.
     */
    public <T> CompletableFuture<Versioned<T>> update(String key, JavaType type, Supplier<T> initial, UnaryOperator<T> fn) {
        CompletableFuture<Versioned<T>> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> step = new AtomicReference<>();
        result.whenComplete((value, error) -> {
            CompletableFuture<?> current = step.get();
            if (result.isCancelled() && current != null) {
                current.cancel(true);
            }
        });
        updateAttempt(key, type, initial, fn, 1, result, step);
        return result;
    }

    private <T> void updateAttempt(String key, JavaType type, Supplier<T> initial, UnaryOperator<T> fn, int attempt,
                                   CompletableFuture<Versioned<T>> result, AtomicReference<CompletableFuture<?>> step) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<Optional<Representation>> read = initial == null
                ? read(key, ReadOptions.defaults()).thenApply(Optional::of)
                : find(key, ReadOptions.defaults());
        step.set(read);
        read.thenCompose(found -> {
            if (found.isEmpty()) {
                T created = fn.apply(initial.get());
                CompletableFuture<Representation> write = write(key, codec.toTree(created),
                        WriteOptions.builder().ifAbsent().build());
                step.set(write);
                return write.thenApply(written -> written.as(created));
            }
            Representation current = found.get();
            T next = fn.apply(codec.fromTree(current.value(), type));
            JsonNode nextTree = codec.toTree(next);
            if (nextTree.equals(current.value())) {
                // Nothing to change: no write, no version, no change event.
                return CompletableFuture.completedFuture(current.as(next));
            }
            WriteOptions.Builder condition = WriteOptions.builder().ifVersion(current.version());
            remainingTtl(current).ifPresent(condition::ttl);
            CompletableFuture<Representation> write = write(key, nextTree, condition.build());
            step.set(write);
            return write.thenApply(written -> written.as(next));
        }).whenComplete((written, error) -> {
            if (error == null) {
                result.complete(written);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof VersionConflictException conflict) {
                if (attempt >= policy.maxUpdateAttempts()) {
                    result.completeExceptionally(new UpdateContentionException(
                            "update of " + namespace + "/" + key + " lost the compare-and-set race " + attempt
                                    + " times; nothing was written", attempt, conflict));
                    return;
                }
                Duration delay = Backoff.conflictDelay(policy, attempt);
                CompletableFuture.runAsync(() -> updateAttempt(key, type, initial, fn, attempt + 1, result, step),
                        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
                return;
            }
            result.completeExceptionally(cause);
        });
    }

    /**
     * A key's expiry survives an update: the write carries the time it has left (rounded up).
     * The service takes a duration, not an instant, so the expiry may move by the clock skew.
     */
    private static Optional<Duration> remainingTtl(Representation current) {
        if (current.expiresAt() == null) {
            return Optional.empty();
        }
        long millis = Duration.between(Instant.now(), current.expiresAt()).toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        return Optional.of(Duration.ofSeconds(Math.min(seconds, WriteOptions.MAX_TTL.toSeconds())));
    }

    // ----

    private Representation remember(Representation representation) {
        if (cache != null) {
            cache.put(representation);
        }
        return representation;
    }

    private static Representation representation(Transport.Request request, Transport.Response response) {
        try {
            return Representation.parse(JsonCodec.parse(response.body()));
        } catch (IOException | RuntimeException e) {
            throw new ValueMappingException(Transport.describe(request) + ": unreadable representation: " + e.getMessage(), e);
        }
    }

    private static String ifMatch(IfVersion condition) {
        return condition.version() == 0 ? "*" : "\"" + condition.version() + "\"";
    }

    /** Cancelling what the caller holds cancels the exchange (and its retries) underneath. */
    private static <T> CompletableFuture<T> cancellable(CompletableFuture<?> source, CompletableFuture<T> derived) {
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
