package io.stateapi.local.bench;

import java.util.Optional;

/**
 * A key-value store with ETags as {@link PeerBenchmark} drives it: the three calls both Dapr's state
 * API and this project's have, so one workload ({@link PeerWorkload}) measures each layer of each.
 */
interface PeerClient {

    /** Last-write-wins. */
    void set(String key, String json) throws Exception;

    /** The value and its ETag, read strongly (the compare-and-set loop must see the last commit); empty when absent. */
    Optional<Versioned> get(String key) throws Exception;

    /** Writes {@code json} only if the key is still at {@code etag}; false when another write got in first. */
    boolean setIfMatch(String key, String json, String etag) throws Exception;

    /** Answers that asked the caller to come back later (429, 503), each sent again; none in process. */
    default long refusals() {
        return 0;
    }

    /** A value as read, with the ETag a conditional write names. */
    record Versioned(String json, String etag) {
    }
}
