package io.stateapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A key's history and its restore (ADR 0036), blocking: the operations {@link StateNamespace}
 * offers beside reads and writes. The history is recorded by the change pipeline and kept for the
 * namespace's {@code changeRetentionDays}: eventually consistent (a change appears within
 * seconds), except that the current version always reads at once with {@link #getVersion}.
 */
public interface HistoryOperations {

    /**
     * The key's recorded changes, newest first, as a lazy stream: a page is fetched when iteration
     * reaches it. A key with no recorded change gives an empty stream.
     *
     * @throws io.stateapi.client.exceptions.NamespaceNotFoundException when the namespace does not exist
     */
    Stream<KeyVersion> history(String key);

    /**
     * Version {@code version} of the key.
     *
     * @throws io.stateapi.client.exceptions.VersionNotFoundException when
     *         the version is not in the history (never existed, past the retention, not recorded yet) or was a delete
     */
    KeyVersion getVersion(String key, long version);

    /**
     * Writes version {@code version}'s value as the key's next version, conditional on the version
     * read just before (a concurrent writer makes it fail, never overwritten), with the options'
     * {@code ifVersion} instead when given, and their idempotency key. One ordinary change event.
     *
     * @throws IllegalArgumentException when the options hold a time to live
     * @throws io.stateapi.client.exceptions.VersionConflictException when the key moved on
     * @throws io.stateapi.client.exceptions.VersionNotFoundException when the version is not in the history
     * @throws io.stateapi.client.exceptions.VersionNotRestorableException when it was a delete
     */
    Versioned<JsonNode> restore(String key, long version, WriteOptions options);

    default Versioned<JsonNode> restore(String key, long version) {
        return restore(key, version, WriteOptions.defaults());
    }

    default Versioned<JsonNode> restore(String key, long version, Consumer<WriteOptions.Builder> options) {
        return restore(key, version, WriteOptions.from(options));
    }
}
