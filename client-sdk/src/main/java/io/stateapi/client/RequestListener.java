package io.stateapi.client;

import java.time.Duration;

/**
 * Hears of every request a client sends: each attempt, and each call (one operation with all its
 * attempts), retries and failures included. For metrics and tracing; the SDK depends on no
 * metrics library (the README shows Micrometer and CloudWatch EMF in a few lines). Register with
 * {@link StateClient.Builder#listener(RequestListener)}.
 *
 * <p>Callbacks run on the HTTP client's threads, in the call's path: keep them short and never
 * block. One that throws is logged ({@code System.Logger} {@code io.stateapi.client.RequestListener},
 * WARNING) and the call goes on as if nothing happened. Every attempt is reported before the
 * next one starts, and the call before its result reaches the caller (a call the caller cancels
 * is reported when it is cancelled).
 *
 * <p>Operations are named by what they do ({@code GetKey}, {@code PutKey}, {@code DeleteKey},
 * {@code ListKeys}, {@code BatchGetKeys}, {@code CommitTransaction}, {@code PatchKey},
 * {@code IncrementCounter}, {@code SetExpiry}, {@code PutNamespace}, {@code DescribeNamespace},
 * {@code ListNamespaces}, {@code DeleteNamespace}, {@code PurgeNamespace}, {@code DescribePurge},
 * {@code WatchChanges}, {@code GetSnapshot});
 * paths are templates ({@code /v1/namespaces/{namespace}/keys/{key}}), never the raw key, so
 * both are safe as metric dimensions.
 */
public interface RequestListener {

    /** After each attempt: its answer, or its failure without one. */
    default void attemptFinished(Attempt attempt) {
    }

    /** After each call: its last answer, or its failure without one. */
    default void callFinished(Call call) {
    }

    /**
     * One request sent.
     *
     * @param operation    the operation's name, such as {@code PutKey}
     * @param method       the HTTP method
     * @param pathTemplate the path with the namespace and key as placeholders
     * @param attempt      1 for the first, 2 for the first retry, ... (a request sent once more with a fresh
     *                     token after a 401 keeps its number)
     * @param status       the answer's HTTP status; 0 when none came
     * @param duration     from sending to the answer or the failure
     * @param requestId    the answer's request id ({@code apigw-requestid}); null when none came
     * @param error        why no answer came (connection refused, reset, timed out); null when one came
     * @param willRetry    whether the client sends the request again
     */
    record Attempt(String operation, String method, String pathTemplate, int attempt, int status, Duration duration,
                   String requestId, Throwable error, boolean willRetry) {
    }

    /**
     * One operation, all its attempts.
     *
     * @param status    the last answer's HTTP status; 0 when none came
     * @param attempts  requests sent (as {@code StateApiException.numAttempts()})
     * @param duration  from the call's start to its end, backoff included
     * @param requestId the last answer's request id; null when none came
     * @param error     why the call ended without an answer (connection failure, call timeout, cancellation);
     *                  null when it ended with one, whatever its status: an error answer becomes an
     *                  exception with the same status and request id
     */
    record Call(String operation, String method, String pathTemplate, int status, int attempts, Duration duration,
                String requestId, Throwable error) {
    }
}
