package io.stateapi.client.exceptions;

import io.stateapi.client.internal.CallTrace;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Base of every exception the State API client throws. Catch this to handle every failure;
 * catch a subclass to handle one situation.
 *
 * <p>When the service answered, {@link #status()} is its HTTP status and {@link #problemType()}
 * the RFC 9457 problem type URI (switch on the exception class or the type, never on the
 * message). Failures that happened before any answer (connection failures, mapping errors)
 * have status 0 and no problem type.
 *
 * <p>Every exception of a call also says what the call went through: {@link #requestId()}, the
 * id of the last answer (quote it to whoever runs the service: it is in API Gateway's access log),
 * and {@link #numAttempts()}, how many requests the call sent, retries included. Both are in the
 * message. The client records them where the call ends (ADR 0035), so every subclass has them.
 */
public class StateApiException extends RuntimeException {

    static {
        // The client's internals record a call's trace on its exception; nobody else can.
        CallTrace.register((exception, requestId, attempts) -> {
            exception.requestId = requestId;
            exception.numAttempts = attempts;
        });
    }

    private final int status;
    private final URI problemType;
    private final String detail;
    private final Duration retryAfter;
    private volatile String requestId;
    private volatile int numAttempts;

    public StateApiException(String message, int status, URI problemType, String detail, Throwable cause) {
        this(message, status, problemType, detail, null, cause);
    }

    /** An answer that came with a {@code Retry-After} (throttling, quotas, unavailability, a key in flight). */
    protected StateApiException(String message, int status, URI problemType, String detail, Duration retryAfter,
                                Throwable cause) {
        super(message, cause);
        this.status = status;
        this.problemType = problemType;
        this.detail = detail;
        this.retryAfter = retryAfter;
        if (cause instanceof StateApiException failure) {
            // One that explains another (an unknown write outcome, a lost update race) tells of the same call.
            this.requestId = failure.requestId;
            this.numAttempts = failure.numAttempts;
        }
    }

    public StateApiException(String message, Throwable cause) {
        this(message, 0, null, null, cause);
    }

    /** The HTTP status of the service's answer, or 0 when there was none. */
    public int status() {
        return status;
    }

    /** The problem type URI, such as {@code https://stateapi.io/problems/version-conflict}. */
    public Optional<URI> problemType() {
        return Optional.ofNullable(problemType);
    }

    /** The problem's {@code detail}: a human-readable explanation from the service. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /**
     * The service's advice on when to try again ({@code Retry-After}, in seconds or as a date);
     * empty when the answer gave none. The client's retries already waited at least this long
     * between attempts; when the advice reached past the call's timeout, the call ended at once.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The id of the service's last answer to the call: API Gateway's {@code apigw-requestid}
     * (its access log's {@code requestId}). Empty when no answer came (connection failures) or
     * nothing was sent.
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * How many requests the call sent, the first and its retries (a request sent once more with
     * a fresh token after a 401 is not counted again); 0 when it failed before sending anything.
     */
    public int numAttempts() {
        return numAttempts;
    }

    /** The message, followed by the request id and the attempts when the call sent anything. */
    @Override
    public String getMessage() {
        String message = super.getMessage();
        int attempts = numAttempts;
        if (attempts == 0) {
            return message;
        }
        String id = requestId;
        return message + " (" + (id != null ? "request id " + id + ", " : "")
                + "after " + attempts + (attempts == 1 ? " attempt)" : " attempts)");
    }

    /** Whether repeating the same call later may succeed (throttling, unavailability, lost connections). */
    public boolean isTransient() {
        return false;
    }
}
