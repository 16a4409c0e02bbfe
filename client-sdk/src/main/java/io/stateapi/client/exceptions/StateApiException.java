package io.stateapi.client.exceptions;

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
 */
public class StateApiException extends RuntimeException {

    private final int status;
    private final URI problemType;
    private final String detail;
    private final Duration retryAfter;

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

    /** Whether repeating the same call later may succeed (throttling, unavailability, lost connections). */
    public boolean isTransient() {
        return false;
    }
}
