package io.stateapi.client.events;

/**
 * Handles one change event. Returning normally acknowledges it (the message is deleted);
 * throwing leaves it on the queue to be delivered again, and holds back later events of the
 * same key until it is handled. Delivery is at least once: make handlers idempotent, for
 * example by remembering {@link ChangeEvent#version()} per key.
 */
@FunctionalInterface
public interface ChangeHandler {

    void handle(ChangeEvent event) throws Exception;
}
