package io.stateapi.client;

/**
 * Handles the changes of a watch, one at a time, in feed order (each key's versions in order),
 * on the watch's own thread: it may block. A change counts as accepted when this returns; if it
 * throws, the watch ends with that exception and its cursor stays at the last accepted change.
 */
@FunctionalInterface
public interface WatchHandler {

    void handle(WatchedChange change) throws Exception;
}
