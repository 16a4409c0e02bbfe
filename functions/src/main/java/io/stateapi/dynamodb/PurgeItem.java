package io.stateapi.dynamodb;

import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.PurgeStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one namespace purge's record in the catalog table (ADR 0019).
 *
 * <pre>
 * pk           S   purge                     (every purge: one Query finds those to run)
 * sk           S   tenant#namespace          (a tenant id has no '#')
 * status       S   running | done
 * startedAt    N   epoch millis
 * finishedAt   N   epoch millis              (done only)
 * deletedKeys  N   state items that held a value, removed so far
 * maxVersion   N   highest version of any state item removed so far: the name's floor when done
 * phase        S   keys | idempotency | final
 * cursor       S   sort key of the last item removed in this phase (absent: from the start)
 * step         N   counts saves; each save is conditioned on it, so two runs never both advance one purge
 * expiresAt    N   epoch seconds DynamoDB's TTL removes a done record at (done only)
 * leaseOwner   S   id of the run advancing the purge now (running only; {@link PurgeLease})
 * leaseUntil   N   epoch millis, wall clock, after which another run may take the purge over
 * </pre>
 */
final class PurgeItem {

    static final String PARTITION = "purge";
    static final String STATUS = "status";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String DELETED_KEYS = "deletedKeys";
    static final String MAX_VERSION = "maxVersion";
    static final String PHASE = "phase";
    static final String CURSOR = "cursor";
    static final String STEP = "step";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String EXPIRES_AT = StateApiResources.CatalogTable.TTL_ATTRIBUTE;

    /** What a purge is deleting now. */
    enum Phase {
        /** The namespace's state items, from the cursor on. */
        KEYS,
        /** Its idempotency records, from the cursor on. */
        IDEMPOTENCY,
        /** Both again from the start, once every instance knows the namespace is purging: writes that landed behind the cursor. */
        FINAL;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Phase of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A running purge as a housekeeping run reads it. */
    record Progress(TenantNamespace namespace, Instant startedAt, long deletedKeys, long maxVersion, Phase phase,
                    Optional<String> cursor, long step) {
    }

    private PurgeItem() {
    }

    static Map<String, AttributeValue> key(TenantNamespace namespace) {
        return Map.of(NamespaceItem.PK, AttributeValue.fromS(PARTITION),
                NamespaceItem.SK, AttributeValue.fromS(namespace.tenant().value() + "#" + namespace.name()));
    }

    /** The record of a purge that starts at {@code now}. */
    static Map<String, AttributeValue> started(TenantNamespace namespace, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(namespace));
        item.put(STATUS, AttributeValue.fromS(PurgeStatus.State.RUNNING.label()));
        item.put(STARTED_AT, NamespaceItem.number(now.toEpochMilli()));
        item.put(DELETED_KEYS, NamespaceItem.number(0));
        item.put(MAX_VERSION, NamespaceItem.number(0));
        item.put(PHASE, AttributeValue.fromS(Phase.KEYS.label()));
        item.put(STEP, NamespaceItem.number(0));
        return item;
    }

    /** The status a record shows at {@code now}; empty when it is a done record past its retention. */
    static Optional<PurgeStatus> status(Map<String, AttributeValue> item, Instant now) {
        try {
            boolean done = PurgeStatus.State.DONE.label().equals(StateItem.string(item, STATUS));
            if (done && StateItem.optionalNumber(item, EXPIRES_AT).filter(at -> at <= now.getEpochSecond()).isPresent()) {
                return Optional.empty();
            }
            return Optional.of(new PurgeStatus(done ? PurgeStatus.State.DONE : PurgeStatus.State.RUNNING,
                    StateItem.number(item, DELETED_KEYS), Instant.ofEpochMilli(StateItem.number(item, STARTED_AT)),
                    done ? Optional.of(Instant.ofEpochMilli(StateItem.number(item, FINISHED_AT))) : Optional.empty()));
        } catch (UnreadableStateException e) {
            throw e;
        } catch (StateApiException | IllegalArgumentException e) {
            throw StateItem.unreadable(item, e.getMessage());
        }
    }

    static Progress progress(Map<String, AttributeValue> item) {
        try {
            String sortKey = StateItem.string(item, NamespaceItem.SK);
            int separator = sortKey.indexOf('#');
            return new Progress(TenantNamespace.of(sortKey.substring(0, separator), sortKey.substring(separator + 1)),
                    Instant.ofEpochMilli(StateItem.number(item, STARTED_AT)), StateItem.number(item, DELETED_KEYS),
                    StateItem.number(item, MAX_VERSION), Phase.of(StateItem.string(item, PHASE)),
                    item.containsKey(CURSOR) ? Optional.of(StateItem.string(item, CURSOR)) : Optional.empty(),
                    StateItem.number(item, STEP));
        } catch (UnreadableStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StateItem.unreadable(item, "not a purge record: " + e.getMessage());
        }
    }
}
