package io.stateapi.client.internal;

import io.stateapi.client.RequestListener;
import io.stateapi.client.exceptions.StateApiException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one call went through, attempt by attempt: told to the client's listeners as it happens,
 * and recorded on the exception that ends the call without an answer ({@link CallTrace}).
 */
final class CallHistory {

    private final Operation operation;
    private final RequestListeners listeners;
    private final long started = System.nanoTime();
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile int sent;
    private volatile int lastStatus;
    private volatile String lastRequestId;

    CallHistory(Operation operation, RequestListeners listeners) {
        this.operation = operation;
        this.listeners = listeners;
    }

    /** Attempt number {@code attempt} is being sent; returns its start time. */
    long sending(int attempt) {
        sent = attempt;
        return System.nanoTime();
    }

    void answered(int attempt, long attemptStarted, int status, String requestId, boolean willRetry) {
        lastStatus = status;
        lastRequestId = requestId;
        attemptFinished(attempt, attemptStarted, status, requestId, null, willRetry);
    }

    void failed(int attempt, long attemptStarted, Throwable error, boolean willRetry) {
        attemptFinished(attempt, attemptStarted, 0, null, error, willRetry);
    }

    /** The call ended with an answer. */
    void ended() {
        callFinished(null);
    }

    /** The call ended without an answer, or was cancelled: {@code error} says why. */
    <E extends Throwable> E ended(E error) {
        if (error instanceof StateApiException failure) {
            CallTrace.record(failure, lastRequestId, sent);
        }
        callFinished(error);
        return error;
    }

    private void attemptFinished(int attempt, long attemptStarted, int status, String requestId, Throwable error,
                                 boolean willRetry) {
        if (!listeners.isEmpty()) {
            listeners.attemptFinished(new RequestListener.Attempt(operation.name(), operation.method(),
                    operation.pathTemplate(), attempt, status, Duration.ofNanos(System.nanoTime() - attemptStarted),
                    requestId, error, willRetry));
        }
    }

    private void callFinished(Throwable error) {
        if (!listeners.isEmpty() && reported.compareAndSet(false, true)) {
            listeners.callFinished(new RequestListener.Call(operation.name(), operation.method(),
                    operation.pathTemplate(), lastStatus, sent, Duration.ofNanos(System.nanoTime() - started),
                    lastRequestId, error));
        }
    }
}
