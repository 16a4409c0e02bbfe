package io.stateapi.client.internal;

import io.stateapi.client.RequestListener;
import java.util.List;

/** The client's listeners, called so that none can break a call: what one throws is logged and dropped. */
public final class RequestListeners {

    private static final System.Logger LOG = System.getLogger(RequestListener.class.getName());
    private static final RequestListeners NONE = new RequestListeners(List.of());

    private final List<RequestListener> listeners;

    public RequestListeners(List<RequestListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public static RequestListeners none() {
        return NONE;
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void attemptFinished(RequestListener.Attempt attempt) {
        for (RequestListener listener : listeners) {
            try {
                listener.attemptFinished(attempt);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(System.Logger.Level.WARNING, "request listener " + listener + " threw on " + attempt, e);
            }
        }
    }

    void callFinished(RequestListener.Call call) {
        for (RequestListener listener : listeners) {
            try {
                listener.callFinished(call);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(System.Logger.Level.WARNING, "request listener " + listener + " threw on " + call, e);
            }
        }
    }
}
