package io.stateapi.client.exceptions;

/**
 * No answer came from the service: the connection could not be made, was reset, or an
 * attempt or the call ran out of time, and retries (if the call was safe to retry) did not help.
 * {@link #isTimeout()} tells a timeout from the rest. A write that may have reached the service
 * is reported as a {@link WriteOutcomeUnknownException} with this as its cause.
 */
public class ConnectionFailedException extends StateApiException {

    private final boolean timeout;
    private final boolean requestMayHaveArrived;

    public ConnectionFailedException(String message, boolean timeout, boolean requestMayHaveArrived, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
        this.requestMayHaveArrived = requestMayHaveArrived;
    }

    public boolean isTimeout() {
        return timeout;
    }

    /**
     * Whether some attempt of the call may have reached the service (a connection reset or a
     * timeout after the request went out), as opposed to connections that were refused or never
     * opened.
     */
    public boolean requestMayHaveArrived() {
        return requestMayHaveArrived;
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
