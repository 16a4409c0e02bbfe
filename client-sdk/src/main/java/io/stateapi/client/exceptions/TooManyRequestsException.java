package io.stateapi.client.exceptions;

import java.net.URI;
import java.time.Duration;

/**
 * The caller was throttled (HTTP 429, from API Gateway's throttling) and the client's retries
 * did not get past it. {@link #retryAfter()} is the advice, when one was given.
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
