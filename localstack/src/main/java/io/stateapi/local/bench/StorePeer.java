package io.stateapi.local.bench;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Optional;

/**
 * This project's store adapter in process, through the domain's port ({@link StateStore}), the
 * layer Dapr's {@code state.Store} sits at: one GetItem per get (strongly consistent), one
 * conditional UpdateItem per write; the version is the ETag.
 */
final class StorePeer implements PeerClient {

    private final StateStore store;
    private final TenantNamespace namespace;

    StorePeer(StateStore store, TenantNamespace namespace) {
        this.store = store;
        this.namespace = namespace;
    }

    @Override
    public void set(String key, String json) {
        store.put(namespace, Key.of(key), new JsonDocument(json), null, Precondition.NONE, Instant.now());
    }

    @Override
    public Optional<Versioned> get(String key) {
        return store.get(namespace, Key.of(key), ReadConsistency.STRONG, Instant.now())
                .map(record -> new Versioned(record.value().json(), Long.toString(record.version().value())));
    }

    @Override
    public boolean setIfMatch(String key, String json, String etag) {
        try {
            store.put(namespace, Key.of(key), new JsonDocument(json), null,
                    Precondition.ifVersion(Version.of(Long.parseLong(etag))), Instant.now());
            return true;
        } catch (VersionConflictException e) {
            return false;
        }
    }
}
