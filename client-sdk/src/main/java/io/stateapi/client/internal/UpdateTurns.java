package io.stateapi.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The {@code update} calls of one key through one namespace object take turns, first come first
 * served (ADR 0042). Racing each other over the network could only end with one of them winning
 * each round and the others paying a read and a refused write for nothing; in turns, writers of
 * one process never conflict, and none of them waits behind a luckier one. Writers in other
 * processes still race, and the compare-and-set loop (its backoff and attempt bound) handles
 * them. A call's turn ends when its future completes, however it completes (cancelled included).
 */
final class UpdateTurns {

    /** Per key, the completion of the latest call to queue; absent when none is queued. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> lastInLine = new ConcurrentHashMap<>();

    <T> CompletableFuture<T> inTurn(String key, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<Void> turnEnded = new CompletableFuture<>();
        CompletableFuture<Void> previous = lastInLine.put(key, turnEnded);
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<T>> running = new AtomicReference<>();
        result.whenComplete((value, error) -> {
            CompletableFuture<T> started = running.get();
            if (result.isCancelled() && started != null) {
                started.cancel(true);  // the loop stops its current request; its turn ends with it
            }
        });
        Runnable start = () -> {
            if (result.isDone()) {  // cancelled while waiting: nothing to run
                end(key, turnEnded);
                return;
            }
            CompletableFuture<T> started;
            try {
                started = call.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            running.set(started);
            started.whenComplete((value, error) -> {
                end(key, turnEnded);
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(KeyOperations.unwrap(error));
                }
            });
            if (result.isCancelled()) {
                started.cancel(true);
            }
        };
        if (previous == null) {
            start.run();
        } else {
            previous.whenComplete((ignored, error) -> start.run());
        }
        return result;
    }

    private void end(String key, CompletableFuture<Void> turnEnded) {
        turnEnded.complete(null);
        lastInLine.remove(key, turnEnded);  // only if no later call queued behind it
    }
}
