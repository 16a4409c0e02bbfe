package io.stateapi.client.exceptions;

/**
 * The call was not sent because the client has no valid bearer token: the
 * {@code TokenSource} of {@code Auth.refreshingBearer} failed (the cause says why) and the
 * last token, if any, has expired. Within the policy's {@code retryInterval} after a failure
 * the source is not asked again, and calls fail at once with the same cause. Status 0.
 */
public class TokenUnavailableException extends StateApiException {

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
