package io.stateapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change a watch hands to its handler (ADR 0037): as in the key's history, plus the cursor to
 * resume from once it is handled.
 *
 * @param change {@code created}, {@code updated}, {@code deleted} or {@code expired}
 * @param value  the value written (none for a delete; for an expiry, the value that expired)
 * @param cursor where a watch resumes after this change: store it with what the handler did, and
 *               pass it to {@code watch(prefix, cursor, handler)} after a restart. With
 *               {@link WatchOptions.Protocol#LONG_POLL} it is the batch's cursor, which moves only
 *               with a batch's last change (see there)
 */
public record WatchedChange(String namespace, String key, long version, String change, Instant committedAt,
                            Optional<JsonNode> value, String cursor) {

    public WatchedChange {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(cursor, "cursor");
    }

    /** Whether the key was deleted (it holds no value). */
    public boolean deleted() {
        return change.equals("deleted");
    }
}
