package io.stateapi.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reading several keys of one namespace at once (batch get, ADR 0027), blocking: the operation
 * {@link StateNamespace} offers beside single reads. Every overload ends in the one operation a
 * namespace implements; a value type given as a {@code Class} or a {@code TypeReference} is the
 * Jackson type it names.
 */
public interface BatchGetOperations {

    /**
     * Reads several keys (strongly consistent): one entry per distinct key, in the order given,
     * holding the key's value and version, or empty when it does not exist or has expired (a
     * namespace that does not exist holds none of them). The keys go 100 to a request, one
     * request after another; values the service left out of an answer to keep it under its size
     * limit are read again, so every found key has its value. Each key is read on its own: the
     * result is no snapshot across keys (docs/consistency.md).
     *
     * <pre>{@code
     * Map<String, Optional<Versioned<Cart>>> carts = ns.getAll(List.of("users/42", "users/43"), Cart.class);
     * }</pre>
     *
     * @throws io.stateapi.client.exceptions.InvalidKeyException when a key is not valid
     * @throws io.stateapi.client.exceptions.InvalidRequestException when two keys are one key after Unicode NFC normalisation
     */
    <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, JavaType type, ReadOptions options);

    default <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, Class<T> type) {
        return getAll(keys, type, ReadOptions.defaults());
    }

    default <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, TypeReference<T> type) {
        return getAll(keys, type, ReadOptions.defaults());
    }

    default <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, Class<T> type, ReadOptions options) {
        return getAll(keys, TypeFactory.defaultInstance().constructType(type), options);
    }

    default <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, TypeReference<T> type,
                                                           ReadOptions options) {
        return getAll(keys, TypeFactory.defaultInstance().constructType(type), options);
    }

    /** As {@link #getAll(Collection, Class, ReadOptions)}, the options built in place: {@code b -> b.consistency(EVENTUAL)}. */
    default <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, Class<T> type,
                                                           Consumer<ReadOptions.Builder> options) {
        return getAll(keys, type, ReadOptions.from(options));
    }

    default <T> Map<String, Optional<Versioned<T>>> getAll(Collection<String> keys, TypeReference<T> type,
                                                           Consumer<ReadOptions.Builder> options) {
        return getAll(keys, type, ReadOptions.from(options));
    }
}
