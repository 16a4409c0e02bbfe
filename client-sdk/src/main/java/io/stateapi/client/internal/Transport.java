package io.stateapi.client.internal;

import io.stateapi.client.RetryPolicy;
import io.stateapi.client.Timeouts;
import io.stateapi.client.exceptions.ConnectionFailedException;
import io.stateapi.client.exceptions.StateApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * HTTP exchanges with the service, with the retry policy applied: one place decides what is
 * retried, how long to wait, and when to stop.
 */
public final class Transport implements AutoCloseable {

    /** When a request may be sent again after a failed attempt (the table is in ADR 0032). */
    public enum Replay {
        /**
         * Repeating it cannot apply anything twice: reads, and writes whose precondition names
         * one version (versions never repeat). Repeated after throttling, 503 and lost connections.
         */
        SAFE,
        /**
         * A write carrying an {@code Idempotency-Key}: the service applies it at most once and
         * replays its outcome, so it is repeated after any failure without an answer, any 5xx,
         * and while the key is in flight.
         */
        DEDUPLICATED,
        /** Repeat it only when the attempt surely never reached the service (429, refused connection). */
        ONLY_IF_NOT_RECEIVED
    }

    /**
     * @param attemptTimeout how long one attempt may take when longer than {@link Timeouts#attempt()}
     *                       (a long poll that the service holds open on purpose); null for the client's
     */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body,
                          Replay replay, Duration attemptTimeout) {

        public Request(String method, String path, String query, Map<String, String> headers, byte[] body,
                       Replay replay) {
            this(method, path, query, headers, body, replay, null);
        }
    }

    /**
     * An answer from the service. {@code earlierAttemptUnknown} is true when an earlier attempt
     * of the same call may have been applied (its answer was lost, or was a 5xx or a 409 for its
     * key in flight), which matters for interpreting a 412 or 404 on a retried write.
     */
    public record Response(int status, HttpHeaders headers, byte[] body, int attempts, boolean earlierAttemptUnknown) {

        /** The answer's request id ({@link CallTrace#REQUEST_ID_HEADERS}); null when it has none. */
        public String requestId() {
            return CallTrace.requestId(headers);
        }
    }

    private final HttpClient http;
    private final boolean ownsHttp;
    private final String endpoint;
    private final boolean plainHttp;
    private final Authorizer authorizer;
    private final Timeouts timeouts;
    private final RetryBudget budget;
    private final RequestListeners listeners;
    private final OpenWatches watches = new OpenWatches();

    public Transport(URI endpoint, Authorizer authorizer, Timeouts timeouts, RetryBudget budget) {
        this(endpoint, authorizer, timeouts, budget, newHttpClient(timeouts, builder -> { }), true, RequestListeners.none());
    }

    /**
     * @param http     the client that sends the requests
     * @param ownsHttp whether {@link #close()} closes it (not when the caller gave it)
     */
    public Transport(URI endpoint, Authorizer authorizer, Timeouts timeouts, RetryBudget budget, HttpClient http,
                     boolean ownsHttp, RequestListeners listeners) {
        String base = endpoint.toString();
        this.endpoint = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.plainHttp = "http".equalsIgnoreCase(endpoint.getScheme());
        this.authorizer = authorizer;
        this.timeouts = timeouts;
        this.budget = budget;
        this.http = http;
        this.ownsHttp = ownsHttp;
        this.listeners = listeners;
    }

    /**
     * The client's own HTTP client: the connect timeout of {@code timeouts}, no redirects (an
     * answer of the API never redirects; following one would resend a write elsewhere), then
     * whatever {@code customiser} sets (proxy, TLS, executor, version; it may override both).
     */
    public static HttpClient newHttpClient(Timeouts timeouts, Consumer<HttpClient.Builder> customiser) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER);
        customiser.accept(builder);
        return builder.build();
    }

    public RetryBudget budget() {
        return budget;
    }

    public CompletableFuture<Response> send(Request request, RetryPolicy policy) {
        Call call = new Call(request, policy, System.nanoTime() + Math.max(timeouts.call().toNanos(),
                attemptTimeout(request).toNanos()));
        call.attempt(1, false);
        return call.result;
    }

    /** One call: its attempts, one after the other, and what they have learnt. */
    private final class Call {

        private final Request request;
        private final RetryPolicy policy;
        private final long deadline;
        private final CallHistory history;
        private final CompletableFuture<Response> result = new CompletableFuture<>();
        private final AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
        /** Whether the call was already sent again with fresh credentials after a 401: once per call. */
        private volatile boolean reauthenticated;

        Call(Request request, RetryPolicy policy, long deadline) {
            this.request = request;
            this.policy = policy;
            this.deadline = deadline;
            this.history = new CallHistory(Operation.of(request.method(), request.path(), request.query()), listeners);
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    CompletableFuture<?> current = inFlight.get();
                    if (current != null) {
                        current.cancel(true);
                    }
                    history.ended(e);
                }
            });
        }

        /** Ends the call without an answer; the exception learns what the call went through. */
        private void fail(StateApiException error) {
            result.completeExceptionally(history.ended(error));
        }

        /**
         * @param attempt the attempt's number, counted against the policy's maximum
         * @param unknown whether an earlier attempt may have been applied
         */
        void attempt(int attempt, boolean unknown) {
            if (result.isDone()) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                fail(new ConnectionFailedException(
                        describe(request) + ": call timeout of " + timeouts.call() + " reached", true, unknown, null));
                return;
            }
            Map<String, String> credentials;
            HttpRequest httpRequest;
            try {
                URI uri = URI.create(endpoint + request.path() + (request.query() == null ? "" : "?" + request.query()));
                Map<String, String> headers = new LinkedHashMap<>(request.headers());
                headers.put("User-Agent", UserAgent.VALUE);
                byte[] body = request.body() == null ? new byte[0] : request.body();
                credentials = authorizer.headers(request.method(), uri, headers, body);
                headers.putAll(credentials);
                httpRequest = build(request.method(), uri, headers, body,
                        Duration.ofNanos(Math.min(remaining, attemptTimeout(request).toNanos())));
            } catch (RuntimeException e) {
                fail(e instanceof StateApiException failure ? failure
                        : new StateApiException(describe(request) + ": could not prepare the request: " + e.getMessage(), e));
                return;
            }
            long attemptStarted = history.sending(attempt);
            CompletableFuture<HttpResponse<byte[]>> exchange;
            try {
                exchange = http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            } catch (RuntimeException e) {
                // A caller's HttpClient may refuse at once (closed, a rejecting executor).
                exchange = CompletableFuture.failedFuture(e);
            }
            inFlight.set(exchange);
            exchange.whenComplete((response, error) -> {
                if (error != null) {
                    onFailure(attempt, attemptStarted, unknown, unwrap(error));
                } else {
                    onResponse(attempt, attemptStarted, unknown, credentials, response);
                }
            });
        }

        private void onFailure(int attempt, long attemptStarted, boolean unknown, Throwable error) {
            if (!(error instanceof IOException)) {
                history.failed(attempt, attemptStarted, error, false);
                if (error instanceof CancellationException && result.isCancelled()) {
                    return;
                }
                fail(new StateApiException(describe(request) + ": " + error, error));
                return;
            }
            boolean timeout = error instanceof HttpTimeoutException;
            // Refused or timed-out connects never carried the request; anything later may have.
            boolean notReceived = error instanceof ConnectException || error instanceof HttpConnectTimeoutException;
            boolean mayRepeat = request.replay() != Replay.ONLY_IF_NOT_RECEIVED || notReceived;
            Duration delay = Backoff.delay(policy, attempt);
            boolean retry = mayRepeat && retryAllowed(attempt, delay, timeout ? 2 : 1);
            history.failed(attempt, attemptStarted, error, retry);
            if (retry) {
                schedule(delay, () -> attempt(attempt + 1, unknown || !notReceived));
                return;
            }
            // The message's "after N attempts" is added by the exception itself (CallTrace).
            String message = describe(request) + ": " + (timeout ? "timed out" : "connection failed") + ": " + error;
            fail(new ConnectionFailedException(message, timeout, unknown || !notReceived, error));
        }

        private void onResponse(int attempt, long attemptStarted, boolean unknown, Map<String, String> credentials,
                                HttpResponse<byte[]> response) {
            int status = response.statusCode();
            String requestId = CallTrace.requestId(response.headers());
            if (status == 401 && !reauthenticated && System.nanoTime() < deadline
                    && authorizer.renewAfterRejection(credentials)) {
                // Not a retry (no attempt counted, no budget taken): the credential was refused
                // before anything was read or written, and a fresh one has been fetched (ADR 0033).
                reauthenticated = true;
                history.answered(attempt, attemptStarted, status, requestId, true);
                attempt(attempt, unknown);
                return;
            }
            boolean keyInFlight = status == 409 && ProblemMapper.IDEMPOTENCY_KEY_IN_FLIGHT.equals(ProblemMapper.slug(response.body()));
            if (status == 429 || status >= 500 || keyInFlight) {
                // A 429 (API Gateway's throttling, or the tenant's quota, which the service checks
                // before touching data) never applied anything. Any other of these may have come
                // after the write was applied.
                boolean mayRepeat = status == 429 || switch (request.replay()) {
                    case DEDUPLICATED -> true;
                    case SAFE -> status == 503;
                    case ONLY_IF_NOT_RECEIVED -> false;
                };
                Duration retryAfter = RetryAfter.of(response.headers());
                Duration delay = Backoff.delay(policy, attempt);
                if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
                    delay = retryAfter;
                }
                if (mayRepeat && retryAllowed(attempt, delay, 1)) {
                    history.answered(attempt, attemptStarted, status, requestId, true);
                    boolean nowUnknown = unknown || status != 429;
                    schedule(delay, () -> attempt(attempt + 1, nowUnknown));
                    return;
                }
            } else if (attempt == 1) {
                budget.refund(1);
            }
            history.answered(attempt, attemptStarted, status, requestId, false);
            history.ended();
            result.complete(new Response(status, response.headers(), response.body(), attempt, unknown));
        }

        private boolean retryAllowed(int attempt, Duration delay, int cost) {
            if (attempt >= policy.maxAttempts()) {
                return false;
            }
            // Waiting past the call's deadline only to fail then helps nobody.
            if (System.nanoTime() + delay.toNanos() >= deadline) {
                return false;
            }
            return budget.tryAcquire(cost);
        }
    }

    /** The watches running on this transport, closed with it. */
    public OpenWatches watches() {
        return watches;
    }

    private Duration attemptTimeout(Request request) {
        Duration own = request.attemptTimeout();
        return own != null && own.compareTo(timeouts.attempt()) > 0 ? own : timeouts.attempt();
    }

    private static void schedule(Duration delay, Runnable next) {
        CompletableFuture.runAsync(next, CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    private HttpRequest build(String method, URI uri, Map<String, String> headers, byte[] body, Duration attemptTimeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(attemptTimeout)
                .method(method, body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (plainHttp) {
            // No h2c upgrade dance on cleartext: HTTP/2 is negotiated by TLS (ALPN) where it exists.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        headers.forEach(builder::header);
        return builder.build();
    }

    static String describe(Request request) {
        return request.method() + " " + request.path();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Closes the client's watches (their long polls would hold the HTTP client's close), then the
     * HTTP client if the client made it; one the caller gave stays open, theirs to close.
     */
    @Override
    public void close() {
        watches.closeAll();
        if (ownsHttp) {
            http.close();
        }
    }
}
