package io.stateapi.client.exceptions;

/**
 * No answer came from the service: the connection could not be made, was reset, or an
 * attempt or the call ran out of time, and retries (if the call was safe to retry) did not help.
 * {@link #isTimeout()} tells a timeout from the rest.
 */
public class ConnectionFailedException extends StateApiException {

    private final boolean timeout;

    public ConnectionFailedException(String message, boolean timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    public boolean isTimeout() {
        return timeout;
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
