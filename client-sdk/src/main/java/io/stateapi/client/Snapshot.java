package io.stateapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A prefix's live keys with their values, and the cursor to watch from (ADR 0037): what a client
 * starts from, and how it resynchronises after a
 * {@link io.stateapi.client.exceptions.CursorExpiredException}. Each page was read strongly; the
 * cursor was taken before the first page was read, so a watch from it misses no later change. It
 * may repeat a change the snapshot shows already: {@code watch(snapshot, handler)} drops those.
 *
 * @param entries every live key of the prefix, in key order (all of the service's pages)
 * @param cursor  the cursor to watch from
 */
public record Snapshot(String namespace, String prefix, List<Versioned<JsonNode>> entries, String cursor) {

    public Snapshot {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(prefix, "prefix");
        entries = List.copyOf(entries);
        Objects.requireNonNull(cursor, "cursor");
    }

    /** Each entry's version by key: a watched change at or below its key's version here is one the snapshot shows. */
    public Map<String, Long> versions() {
        Map<String, Long> versions = new HashMap<>(entries.size() * 2);
        for (Versioned<JsonNode> entry : entries) {
            versions.put(entry.key(), entry.version());
        }
        return versions;
    }
}
