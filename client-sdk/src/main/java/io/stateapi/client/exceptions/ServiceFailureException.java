package io.stateapi.client.exceptions;

import java.net.URI;

/**
 * The service failed (HTTP 500 {@code internal-error}, or a 5xx from the gateway). The write
 * may or may not have happened; a read or a conditional write can be repeated safely.
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
