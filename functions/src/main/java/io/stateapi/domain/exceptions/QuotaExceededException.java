package io.stateapi.domain.exceptions;

import java.time.Duration;

/** The tenant has used its request quota for now; nothing was read or changed. */
public final class QuotaExceededException extends StateApiException {

    private final Duration retryAfter;

    public QuotaExceededException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
