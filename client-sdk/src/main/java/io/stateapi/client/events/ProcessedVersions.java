package io.stateapi.client.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last handled version (and change type) per key, least recently used first out. Versions
 * of a key only grow, even across deletes, so anything at or below it has been seen.
 */
final class ProcessedVersions {

    private record Last(long version, ChangeType type) {
    }

    private final Map<String, Last> last;

    ProcessedVersions(int capacity) {
        this.last = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean alreadyHandled(ChangeEvent event) {
        Last seen = last.get(id(event));
        if (seen == null) {
            return false;
        }
        // An expiry may carry the version of the write it expires; it is a change of its own.
        return event.version() < seen.version()
                || (event.version() == seen.version() && event.changeType() == seen.type());
    }

    synchronized void handled(ChangeEvent event) {
        last.merge(id(event), new Last(event.version(), event.changeType()),
                (old, now) -> now.version() >= old.version() ? now : old);
    }

    private static String id(ChangeEvent event) {
        return event.namespace() + '\u0000' + event.key();
    }
}
