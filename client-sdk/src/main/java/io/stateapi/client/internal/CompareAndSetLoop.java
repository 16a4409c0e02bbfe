package io.stateapi.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.client.ReadOptions;
import io.stateapi.client.Versioned;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.exceptions.UpdateContentionException;
import io.stateapi.client.exceptions.VersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One {@code update} call: reads the key, applies {@code fn} to its value, and writes the result
 * with {@code If-Match}; when another writer got in between (412), starts over from the fresh
 * value. The function may run several times, always on the latest value it was given; its result
 * is written only if that value is still current. A 412 that carries the key's state (the
 * credential may read it, ADR 0051) stands for the read when the pause after it is short (at most
 * one {@code baseDelay}): the next round writes from it at once. After a longer pause, or without
 * the state, the round reads first, as before. When {@code initial} is given and the key is
 * absent, {@code fn} is applied to a fresh initial value and the result created
 * ({@code If-None-Match: *}), so a racing creator is handled like any other writer.
 *
 * <p>Each compare-and-set is its own logical write, with its own {@code Idempotency-Key} (its
 * value was computed from another read); the transport's retries of one compare-and-set reuse its
 * key. A {@code WriteOutcomeUnknownException} ends the loop: applying {@code fn} again could apply
 * the change twice.
 */
final class CompareAndSetLoop<T> {

    private final KeyOperations operations;
    private final String key;
    private final JavaType type;
    private final Supplier<T> initial;
    private final UnaryOperator<T> fn;
    private final CompletableFuture<Versioned<T>> result = new CompletableFuture<>();
    private final AtomicReference<CompletableFuture<?>> step = new AtomicReference<>();

    CompareAndSetLoop(KeyOperations operations, String key, JavaType type, Supplier<T> initial, UnaryOperator<T> fn) {
        this.operations = operations;
        this.key = key;
        this.type = type;
        this.initial = initial;
        this.fn = fn;
    }

    CompletableFuture<Versioned<T>> start() {
        result.whenComplete((value, error) -> {
            CompletableFuture<?> current = step.get();
            if (result.isCancelled() && current != null) {
                current.cancel(true);
            }
        });
        attempt(1, null);
        return result;
    }

    /** @param known the key's state as the last 412 told it (empty: absent), or null to read it */
    private void attempt(int attempt, Optional<Representation> known) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<Optional<Representation>> read = known != null ? CompletableFuture.completedFuture(known)
                : initial == null
                ? operations.read(key, ReadOptions.defaults()).thenApply(Optional::of)
                : operations.find(key, ReadOptions.defaults());
        step.set(read);
        read.thenCompose(this::writeNext).whenComplete((written, error) -> {
            if (error == null) {
                result.complete(written);
                return;
            }
            Throwable cause = KeyOperations.unwrap(error);
            if (cause instanceof VersionConflictException conflict) {
                if (attempt >= operations.policy().maxUpdateAttempts()) {
                    result.completeExceptionally(new UpdateContentionException(
                            "update of " + operations.namespace() + "/" + key + " lost the compare-and-set race "
                                    + attempt + " times; nothing was written", attempt, conflict));
                    return;
                }
                Duration delay = Backoff.conflictDelay(operations.policy(), attempt);
                // The state a 412 told ages with the pause: after more than one base delay other
                // writers have likely moved the key again, and a writer that kept coming back with
                // an old value would lose nearly every race (measured, ADR 0051); it reads instead.
                Optional<Representation> current = delay.compareTo(operations.policy().baseDelay()) <= 0
                        ? told(conflict) : null;
                CompletableFuture.runAsync(() -> attempt(attempt + 1, current),
                        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
                return;
            }
            result.completeExceptionally(cause);
        });
    }

    private CompletableFuture<Versioned<T>> writeNext(Optional<Representation> found) {
        JsonCodec codec = operations.codec();
        if (found.isEmpty()) {
            T created = fn.apply(initial.get());
            CompletableFuture<Representation> write = operations.write(key, codec.toTree(created),
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
        CompletableFuture<Representation> write = operations.write(key, nextTree, condition.build());
        step.set(write);
        return write.thenApply(written -> written.as(next));
    }

    /**
     * The key's state as the 412 told it, or null when it did not (no {@code state:read}), or
     * when it says the key is gone and there is no initial value: the read answers that (404).
     */
    private Optional<Representation> told(VersionConflictException conflict) {
        if (conflict.currentState().isPresent()) {
            Versioned<JsonNode> state = conflict.currentState().get();
            return Optional.of(new Representation(state.namespace(), state.key(), state.value(), state.version(),
                    state.createdAt(), state.updatedAt(), state.expiresAt(), state.schemaVersion(),
                    state.storedSchemaVersion()));
        }
        return conflict.currentStateKnown() && initial != null ? Optional.empty() : null;
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
}
