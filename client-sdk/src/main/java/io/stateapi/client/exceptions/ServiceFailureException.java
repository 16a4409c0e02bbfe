package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The service failed (HTTP 500 {@code internal-error}, or a 5xx from the gateway) on a read.
 * A write that ends this way may have been applied, so it is reported as a
 * {@link WriteOutcomeUnknownException} with this as its cause.
 */
public class ServiceFailureException extends StateApiException {

    public ServiceFailureException(String message, int status, URI problemType, String detail) {
        super(message, status, problemType, detail, null);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
