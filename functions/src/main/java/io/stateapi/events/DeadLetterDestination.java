package io.stateapi.events;

/**
 * Where the fan-out function puts a record aside that it can never publish (the stream's
 * dead-letter queue), so that the rest of its batch can go on.
 */
public interface DeadLetterDestination {

    /**
     * Stores the poison record durably before returning.
     *
     * @throws RuntimeException when it could not: the function then retries from that record
     */
    void send(PoisonRecord poison, String functionArn, String requestId);
}
