package io.stateapi.domain.batch;

import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.schemas.UpgradeOnRead;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Batch get (ADR 0027): up to {@value KeyBatch#MAX_KEYS} keys of one namespace in one request,
 * each found at its version or not found. A strong batch reads each key strongly (it reflects
 * every write acknowledged before the request began); it is not a snapshot across keys. The
 * store retries what DynamoDB leaves unprocessed and fails the whole batch when some keys stay
 * unread, so an answer always covers every key. Values read at the namespace's active schema
 * version, as a single get reads them (ADR 0057).
 */
public final class BatchGetService {

    private final StateStore store;
    private final WriteTargets targets;
    private final UpgradeOnRead reads;
    private final Clock clock;

    public BatchGetService(StateStore store, WriteTargets targets, Clock clock) {
        this(store, targets, UpgradeOnRead.NONE, clock);
    }

    public BatchGetService(StateStore store, WriteTargets targets, UpgradeOnRead reads, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws NamespaceNotFoundException when no key was found and the caller's tenant has no such
     *                                    namespace (the catalog is asked only then, as a single get does)
     * @throws io.stateapi.domain.exceptions.StoreUnavailableException when some keys stayed unread
     */
    public BatchGetResult getAll(Caller caller, Namespace name, KeyBatch batch, ReadConsistency consistency) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(consistency, "consistency");
        TenantNamespace namespace = caller.access(Scope.READ, name);
        Map<Key, StateRecord> found = reads.records(namespace,
                store.getAll(namespace, batch.keys(), consistency, clock.instant()));
        if (found.isEmpty() && targets.find(namespace).isEmpty()) {
            throw new NamespaceNotFoundException(namespace.namespace());
        }
        List<KeyRead> items = new ArrayList<>(batch.keys().size());
        for (Key key : batch.keys()) {
            StateRecord record = found.get(key);
            items.add(record == null ? new KeyRead.Missing(key) : new KeyRead.Found(record));
        }
        return new BatchGetResult(namespace, items);
    }
}
