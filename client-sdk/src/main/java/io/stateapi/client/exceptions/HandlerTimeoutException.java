package io.stateapi.client.exceptions;

import java.time.Duration;

/**
 * A change handler did not return within the subscriber's {@code handlerTimeout}. Its thread was
 * interrupted and its event released for redelivery (after the queue's {@code maxReceiveCount}
 * deliveries it goes to the dead-letter queue). Reported to the subscriber's failure listener.
 */
public class HandlerTimeoutException extends StateApiException {

    private final Duration timeout;

    public HandlerTimeoutException(String message, Duration timeout) {
        super(message, null);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
