package io.stateapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Atomic counters and expiry changes of one namespace's keys (ADR 0034), blocking: the
 * operations {@link StateNamespace} offers beside reads and writes. Each overload ends in one
 * of the three operations a namespace implements; {@code Consumer<WriteOptions.Builder>}
 * overloads build the options in place, as the AWS SDK's do (ADR 0035).
 */
public interface CounterOperations {

    /**
     * Adds {@code delta} (negative to subtract) to the key's integer value atomically, in one
     * conditional write on the service (no read, no compare-and-set loop), and returns the new
     * number and version. An absent, deleted or expired key starts from 0. Like Redis
     * {@code INCRBY} or a DynamoDB {@code ADD}.
     *
     * @throws io.stateapi.client.exceptions.NotANumberException when the value is not an integer
     * @throws io.stateapi.client.exceptions.CounterOverflowException when the sum would leave -(2^53-1)..2^53-1
     */
    default Versioned<Long> increment(String key, long delta) {
        return increment(key, delta, WriteOptions.defaults());
    }

    /**
     * As {@link #increment(String, long)}, with the options' precondition ({@code ifVersion}:
     * increment only at that version; {@code IfVersion.exists()}: only an existing key) and
     * idempotency key.
     *
     * @throws IllegalArgumentException when the options hold a time to live or create-only
     * @throws io.stateapi.client.exceptions.VersionConflictException when the precondition fails
     */
    Versioned<Long> increment(String key, long delta, WriteOptions options);

    default Versioned<Long> increment(String key, long delta, Consumer<WriteOptions.Builder> options) {
        return increment(key, delta, WriteOptions.from(options));
    }

    /** {@code increment(key, -delta)}. */
    default Versioned<Long> decrement(String key, long delta) {
        return increment(key, Math.negateExact(delta));
    }

    /**
     * Sets the key's expiry to {@code ttl} from now (longer or shorter than before) without
     * rewriting its value; returns its new state (a new version). Like Redis {@code EXPIRE}.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist or has expired
     */
    default Versioned<JsonNode> expire(String key, Duration ttl) {
        return expire(key, Objects.requireNonNull(ttl, "ttl"), WriteOptions.defaults());
    }

    /** As {@link #expire(String, Duration)}, with the options' precondition and idempotency key. */
    Versioned<JsonNode> expire(String key, Duration ttl, WriteOptions options);

    default Versioned<JsonNode> expire(String key, Duration ttl, Consumer<WriteOptions.Builder> options) {
        return expire(key, ttl, WriteOptions.from(options));
    }

    /**
     * Clears the key's expiry, so its value never expires, without rewriting it; returns its new
     * state (a new version). Like Redis {@code PERSIST}.
     *
     * @throws io.stateapi.client.exceptions.KeyNotFoundException when the key does not exist or has expired
     */
    default Versioned<JsonNode> persist(String key) {
        return persist(key, WriteOptions.defaults());
    }

    Versioned<JsonNode> persist(String key, WriteOptions options);

    default Versioned<JsonNode> persist(String key, Consumer<WriteOptions.Builder> options) {
        return persist(key, WriteOptions.from(options));
    }
}
