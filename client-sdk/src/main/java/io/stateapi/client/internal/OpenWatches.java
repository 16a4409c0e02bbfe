package io.stateapi.client.internal;

import io.stateapi.client.Watch;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watches running on one client's transport: closing the client closes them, so that none
 * keeps a thread and a long poll going on a client that is gone (ADR 0039).
 */
public final class OpenWatches {

    private final Set<Watch> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Adds a watch that has not started yet; when the client is closed already, closes it at once. */
    void add(Watch watch) {
        open.add(watch);
        if (closed) {
            closeAll();
        }
    }

    void remove(Watch watch) {
        open.remove(watch);
    }

    /** How many are running (for tests). */
    public int size() {
        return open.size();
    }

    void closeAll() {
        closed = true;
        for (Watch watch : open) {
            watch.close();
        }
    }
}
