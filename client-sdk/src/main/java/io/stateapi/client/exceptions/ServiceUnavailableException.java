package io.stateapi.client.exceptions;

import java.net.URI;
import java.time.Duration;

/**
 * The service could not serve the request for now (HTTP 503, problem type
 * {@code service-unavailable}) and the client's retries, if the call was safe to retry, did
 * not get past it. {@link #retryAfter()} is the service's advice. A write that ends this way may
 * have been applied (a store timeout), so it is reported as a
 * {@link WriteOutcomeUnknownException} with this as its cause.
 */
public class ServiceUnavailableException extends StateApiException {

    public ServiceUnavailableException(String message, int status, URI problemType, String detail, Duration retryAfter) {
        super(message, status, problemType, detail, retryAfter, null);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
