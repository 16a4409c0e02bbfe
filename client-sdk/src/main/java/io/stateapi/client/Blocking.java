package io.stateapi.client;

import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.internal.KeyOperations;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** How the blocking API waits on the asynchronous core, so both have exactly the same semantics. */
final class Blocking {

    private Blocking() {
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
