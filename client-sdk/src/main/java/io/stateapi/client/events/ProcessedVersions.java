package io.stateapi.client.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The last handled change per key, least recently used first out, to recognise replays.
 *
 * <p>A key's changes are ordered by version, and at one version an {@code expired} comes after
 * the write it expires (it commits no version of its own and carries the expired one). Versions
 * only grow, across deletes and expiry too (the service never deletes an item on expiry, its
 * ADR 0008), with one exception the service documents and alarms on ({@code VersionFloorLost}):
 * when an item removed outside the API is created again before the fan-out restores its
 * tombstone, the new incarnation starts again at version 1. That shows as a {@code created}
 * without a previous version right after an {@code expired}, with an id of its own.
 */
final class ProcessedVersions {

    /**
     * @param incarnationId id of the handled event that started the key's current incarnation
     *                      (its first write), or {@code null} when not seen by this instance
     */
    private record Last(long version, boolean expired, String incarnationId) {

        boolean isAtOrAfter(ChangeEvent event) {
            boolean expiredEvent = event.changeType() == ChangeType.EXPIRED;
            return event.version() < version || (event.version() == version && (expired || !expiredEvent));
        }
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
        return seen != null && !startsNewIncarnation(event, seen) && seen.isAtOrAfter(event);
    }

    synchronized void handled(ChangeEvent event) {
        String key = id(event);
        Last seen = last.get(key);
        if (seen != null && !startsNewIncarnation(event, seen) && seen.isAtOrAfter(event)) {
            return;
        }
        String incarnationId = event.previousVersion().isEmpty() ? event.id()
                : seen == null ? null : seen.incarnationId();
        last.put(key, new Last(event.version(), event.changeType() == ChangeType.EXPIRED, incarnationId));
    }

    /** A first write after an expiry that is not a replay of the first write already handled. */
    private static boolean startsNewIncarnation(ChangeEvent event, Last seen) {
        return seen.expired()
                && event.changeType() == ChangeType.CREATED
                && event.previousVersion().isEmpty()
                && !Objects.equals(event.id(), seen.incarnationId());
    }

    private static String id(ChangeEvent event) {
        return event.namespace() + '\u0000' + event.key();
    }
}
