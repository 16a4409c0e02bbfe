package io.stateapi.client.internal;

import io.stateapi.client.IdempotencyKey;
import io.stateapi.client.RetryPolicy;
import io.stateapi.client.WriteOptions;
import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.client.exceptions.KeyNotFoundException;
import io.stateapi.client.exceptions.NamespaceNotFoundException;
import io.stateapi.client.exceptions.StateApiException;
import io.stateapi.client.exceptions.TransactionConflictException;
import io.stateapi.client.exceptions.VersionConflictException;
import io.stateapi.client.exceptions.WriteOutcomeUnknownException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one path every write takes (PUT, DELETE, {@code update}'s compare-and-set, and whatever
 * mutation comes next), so each gets the same three things (ADR 0032):
 * <ul>
 *   <li>its {@code Idempotency-Key}: one per logical write (one call, or one compare-and-set of
 *       {@code update}), the same on each retry of it, since retries resend the same request;</li>
 *   <li>its replay rule: with a key, repeated after any failure without a definitive answer; without
 *       one, only if its precondition names a version, or if the attempt never reached the service;</li>
 *   <li>the reading of its outcome: a write left without a definitive answer is reported as
 *       {@link WriteOutcomeUnknownException}, never as a failure that did not happen.</li>
 * </ul>
 */
public final class Writes {

    /**
     * One logical write.
     *
     * @param namesOneVersion whether its precondition is {@code If-Match: "<version>"}: a version
     *                        never comes back, so repeating it cannot apply it twice even without a
     *                        key. {@code If-Match: *}, {@code If-None-Match: *} and no precondition
     *                        can hold again after the write's own effect (a key exists again after
     *                        any write, is absent again after a delete or expiry).
     */
    public record Write(String method, String path, Map<String, String> headers, byte[] body,
                        boolean namesOneVersion, WriteOptions options) {
    }

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Transport transport;
    private final boolean keysByDefault;

    public Writes(Transport transport, boolean keysByDefault) {
        this.transport = transport;
        this.keysByDefault = keysByDefault;
    }

    /**
     * Sends the write. The future completes with the service's 2xx answer (a first answer or its
     * replay), or, for a delete sent without a key that lost an answer, with the retry's 404 when
     * the key is gone: absence, its goal, holds. Otherwise it fails with what is known of the outcome.
     */
    public CompletableFuture<Transport.Response> send(Write write, RetryPolicy policy) {
        IdempotencyKey key = keyOf(write.options());
        Map<String, String> headers = new LinkedHashMap<>(write.headers());
        if (key != null) {
            headers.put(IDEMPOTENCY_KEY, key.headerValue());
        }
        Transport.Replay replay = key != null ? Transport.Replay.DEDUPLICATED
                : write.namesOneVersion() ? Transport.Replay.SAFE
                : Transport.Replay.ONLY_IF_NOT_RECEIVED;
        Transport.Request request = new Transport.Request(write.method(), write.path(), null, headers, write.body(), replay);
        CompletableFuture<Transport.Response> sent = transport.send(request, policy);
        CompletableFuture<Transport.Response> outcome = sent.handle((response, error) -> error != null
                ? failed(request, key, KeyOperations.unwrap(error))
                : answered(request, key, response));
        outcome.whenComplete((r, e) -> {
            if (outcome.isCancelled()) {
                sent.cancel(true);
            }
        });
        return outcome;
    }

    private IdempotencyKey keyOf(WriteOptions options) {
        if (options.isWithoutIdempotencyKey()) {
            return null;
        }
        return options.idempotencyKey().orElseGet(() -> keysByDefault ? IdempotencyKey.random() : null);
    }

    private static Transport.Response failed(Transport.Request request, IdempotencyKey key, Throwable error) {
        if (error instanceof ConnectionFailedException lost && lost.requestMayHaveArrived()) {
            throw unknown(request, key, lost.isTimeout() ? "no answer in time" : "the answer was lost", null, lost);
        }
        if (error instanceof RuntimeException | error instanceof CancellationException) {
            throw (RuntimeException) error;
        }
        throw new CompletionException(error);
    }

    private static Transport.Response answered(Transport.Request request, IdempotencyKey key, Transport.Response response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return response;
        }
        StateApiException error = ProblemMapper.toException(request, response);
        if (status >= 500 || error instanceof IdempotencyKeyInFlightException) {
            throw unknown(request, key, "no definitive answer (" + status + ")", null, error);
        }
        if (refusedBeforeReachingData(status) && response.earlierAttemptUnknown()) {
            // This attempt was refused unread (throttled, over quota, credential refused), but an
            // earlier one may have been applied: its answer is the outcome, and it never came.
            throw unknown(request, key, "an earlier attempt's answer was lost and the last was refused (" + status + ")",
                    null, error);
        }
        if (key == null && response.earlierAttemptUnknown()) {
            // Without a key, a retry cannot tell its own earlier effect from another writer's.
            boolean delete = request.method().equals("DELETE");
            if (delete && (error instanceof KeyNotFoundException || error instanceof NamespaceNotFoundException
                    || error instanceof VersionConflictException c && c.currentVersion().isEmpty())) {
                // The version it named is gone for good and the key is absent, whoever deleted it.
                return response;
            }
            if (error instanceof TransactionConflictException) {
                // Its own earlier commit moved the keys the retry's conditions name.
                throw unknown(request, null, "an earlier attempt's answer was lost and the retry's conditions failed",
                        null, error);
            }
            if (error instanceof VersionConflictException conflict) {
                Long now = conflict.currentVersion().isPresent() ? conflict.currentVersion().getAsLong() : null;
                throw unknown(request, null, "an earlier attempt's answer was lost and the retry found the key "
                        + (now == null ? "absent" : "at version " + now), now, conflict);
            }
        }
        throw error;
    }

    /**
     * Answers that say the attempt never reached the data: API Gateway's throttling and
     * authorizers, the tenant's quota and the service's access checks all come first.
     */
    private static boolean refusedBeforeReachingData(int status) {
        return status == 401 || status == 403 || status == 429;
    }

    private static WriteOutcomeUnknownException unknown(Transport.Request request, IdempotencyKey key, String what,
                                                        Long currentVersion, Throwable cause) {
        String advice = key != null
                ? "; send it again with Idempotency-Key " + key.value() + " to learn its outcome"
                : "; read the key to decide";
        return new WriteOutcomeUnknownException(Transport.describe(request) + ": " + what
                + "; the write may or may not have been applied" + advice, currentVersion, key, cause);
    }
}
