package io.stateapi.client.exceptions;

import java.net.URI;
import java.time.Duration;

/**
 * The caller was throttled (HTTP 429) and the client's retries did not get past it: API
 * Gateway's throttling (its own {@code {"message": ...}} answer), or, as the subclass
 * {@link QuotaExceededException}, the tenant's request quota. Neither lets the request reach the
 * data, so the refused attempt applied nothing. {@link #retryAfter()} is the advice, when one was given.
 */
public class TooManyRequestsException extends StateApiException {

    public TooManyRequestsException(String message, int status, String detail, Duration retryAfter) {
        this(message, status, null, detail, retryAfter);
    }

    public TooManyRequestsException(String message, int status, URI problemType, String detail, Duration retryAfter) {
        super(message, status, problemType, detail, retryAfter, null);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
