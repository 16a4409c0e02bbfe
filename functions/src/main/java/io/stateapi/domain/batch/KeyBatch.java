package io.stateapi.domain.batch;

import io.stateapi.domain.Key;
import io.stateapi.domain.exceptions.InvalidRequestException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one batch get: 1 to {@value #MAX_KEYS} distinct keys, in the order the caller asked
 * for them. The limit is DynamoDB's {@code BatchGetItem}'s, so a batch is one call to the store
 * (plus retries of what it leaves unprocessed). Keys are compared as {@link Key} compares them,
 * after Unicode NFC normalisation: two spellings of one key are the same key asked for twice.
 */
public record KeyBatch(List<Key> keys) {

    public static final int MAX_KEYS = 100;

    /**
     * @throws InvalidRequestException when the batch is empty, holds more than {@value #MAX_KEYS}
     *                                 keys, or holds a key twice (named, with both positions)
     */
    public KeyBatch {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new InvalidRequestException("a batch get needs at least one key");
        }
        if (keys.size() > MAX_KEYS) {
            throw new InvalidRequestException("a batch get takes at most " + MAX_KEYS + " keys; got " + keys.size()
                    + " (send them in several requests)");
        }
        Map<Key, Integer> first = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Integer earlier = first.putIfAbsent(keys.get(i), i);
            if (earlier != null) {
                throw new InvalidRequestException("keys[" + earlier + "] and keys[" + i + "] are the same key '"
                        + keys.get(i).value() + "'; ask for each key once (keys are compared after Unicode NFC"
                        + " normalisation)");
            }
        }
    }

    public static KeyBatch of(List<Key> keys) {
        return new KeyBatch(keys);
    }
}
