package io.stateapi.client;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The resumable watch of a namespace's changes and its snapshot (ADR 0037 for the service, ADR
 * 0039 for the client): the operations {@link StateNamespace} offers beside reads and writes. The
 * watch reads the change log behind a settle window, so a change reaches a handler about 8 to 9 s
 * after its commit; in exchange a cursor resumes with no gap and no duplicate.
 *
 * <pre>{@code
 * Snapshot snapshot = carts.snapshot("users/");
 * mirror.replaceAll(snapshot.entries());
 * try (Watch watch = carts.watch(snapshot, change -> mirror.apply(change))) {
 *     ...   // each change once, each key's versions in order; change.cursor() to store
 * }
 * }</pre>
 */
public interface WatchOperations {

    /**
     * Starts watching the changes of keys that start with {@code prefix}, strictly after
     * {@code cursor} (null: from now, i.e. the settle horizon, so changes of the last 8 s may come),
     * and returns at once. The handler gets each change once, in order, on the watch's thread;
     * the watch resumes by itself after dropped connections, timeouts, 5xx and 429 (ADR 0039).
     * What ends it is in {@link Watch#completion()}: a cursor older than the retention ends it
     * with {@link io.stateapi.client.exceptions.CursorExpiredException}.
     */
    Watch watch(String prefix, String cursor, WatchHandler handler, WatchOptions options);

    default Watch watch(String prefix, String cursor, WatchHandler handler) {
        return watch(prefix, cursor, handler, WatchOptions.defaults());
    }

    default Watch watch(String prefix, String cursor, WatchHandler handler, Consumer<WatchOptions.Builder> options) {
        return watch(prefix, cursor, handler, WatchOptions.from(options));
    }

    /**
     * Watches the snapshot's prefix from its cursor, dropping the changes the snapshot shows
     * already (a version at or below the snapshot's version of its key).
     */
    Watch watch(Snapshot snapshot, WatchHandler handler, WatchOptions options);

    default Watch watch(Snapshot snapshot, WatchHandler handler) {
        return watch(snapshot, handler, WatchOptions.defaults());
    }

    default Watch watch(Snapshot snapshot, WatchHandler handler, Consumer<WatchOptions.Builder> options) {
        return watch(Objects.requireNonNull(snapshot, "snapshot"), handler, WatchOptions.from(options));
    }

    /**
     * The live keys of {@code prefix} with their values, every page of the service's, and the
     * cursor to watch from (taken before the first page was read). Held in memory: for a prefix
     * too large for that, watch a narrower one.
     *
     * @throws io.stateapi.client.exceptions.NamespaceNotFoundException when the namespace does not exist
     */
    Snapshot snapshot(String prefix);
}
