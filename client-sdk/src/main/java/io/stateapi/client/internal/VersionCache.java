package io.stateapi.client.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The opt-in client-side cache: the last representation seen per key, least recently used
 * first out. It never answers by itself: a read still asks the service, with
 * {@code If-None-Match}, and only a 304 lets the cached value be used. So it saves bandwidth
 * and parsing, never correctness.
 */
public final class VersionCache {

    private final Map<String, Representation> entries;

    public VersionCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Representation> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public synchronized Representation get(String namespace, String key) {
        return entries.get(id(namespace, key));
    }

    /** Keeps the newer of what is cached and what was seen (versions only grow, even across deletes). */
    public synchronized void put(Representation representation) {
        entries.merge(id(representation.namespace(), representation.key()), representation,
                (old, seen) -> seen.version() >= old.version() ? seen : old);
    }

    public synchronized void remove(String namespace, String key) {
        entries.remove(id(namespace, key));
    }

    public synchronized int size() {
        return entries.size();
    }

    private static String id(String namespace, String key) {
        return namespace + '\u0000' + key;
    }
}
