package io.stateapi.client.exceptions;

import java.time.Duration;
import java.util.Optional;

/** The caller was throttled (HTTP 429, from API Gateway's throttling) and retries did not get past it. */
public class TooManyRequestsException extends StateApiException {

    private final Duration retryAfter;

    public TooManyRequestsException(String message, int status, String detail, Duration retryAfter) {
        super(message, status, null, detail, null);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
