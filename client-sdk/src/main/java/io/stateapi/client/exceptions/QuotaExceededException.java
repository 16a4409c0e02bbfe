package io.stateapi.client.exceptions;

import java.net.URI;
import java.time.Duration;

/**
 * The caller's tenant is over its request quota (HTTP 429, problem type {@code quota-exceeded})
 * and the client's retries, each waiting at least the service's {@code Retry-After}, did not get
 * past it; or the advice reached beyond the call's timeout, which ends the call at once.
 * {@link #retryAfter()} says when the quota allows requests again. The quota is checked before
 * any data is touched, so a refused attempt applied nothing. Other tenants are not affected.
 */
public class QuotaExceededException extends TooManyRequestsException {

    public QuotaExceededException(String message, int status, URI problemType, String detail, Duration retryAfter) {
        super(message, status, problemType, detail, retryAfter);
    }
}
