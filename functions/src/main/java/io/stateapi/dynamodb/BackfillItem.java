package io.stateapi.dynamodb;

import io.stateapi.domain.backfill.Backfill;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one backfill's record in the catalog table (ADR 0058); its segments are
 * {@link BackfillSegmentItem}s.
 *
 * <pre>
 * pk              S    backfill                    (every backfill: one Query finds those to run)
 * sk              S    tenant#namespace#createdAt#version   (createdAt: the namespace's life, epoch millis;
 *                                                   version zero-padded to 10 digits)
 *                      format#tenant#namespace#createdAt#N  for a format backfill (ADR 0062): N the item
 *                                                   format, zero-padded the same way
 * status          S    running | done | cancelled
 * dryRun          BOOL
 * segments        N    as asked (the plan may have fewer: a namespace of few keys)
 * itemsPerSecond  N
 * run             S    random id per start: names its writes (ItemUpgrade) and conditions its plan and end
 * startedAt       N    epoch millis
 * notBefore       N    epoch millis: no item is read before
 * plan            S    id of its segments' partition (absent until a run split the namespace)
 * plannedAt       N    epoch millis the split was recorded
 * plannedItems    N    live keys the split counted
 * finishedAt      N    epoch millis (done, cancelled)
 * reason          S    why it was cancelled
 * expiresAt       N    epoch seconds DynamoDB's TTL removes an ended record at
 * </pre>
 */
final class BackfillItem {

    static final String PARTITION = "backfill";
    /** Begins the sort key of a format backfill's record (ADR 0062); a schema backfill's has no prefix. */
    static final String FORMAT_PREFIX = "format#";
    static final String STATUS = "status";
    static final String DRY_RUN = "dryRun";
    static final String SEGMENTS = "segments";
    static final String ITEMS_PER_SECOND = "itemsPerSecond";
    static final String RUN = "run";
    static final String STARTED_AT = "startedAt";
    static final String NOT_BEFORE = "notBefore";
    static final String PLAN = "plan";
    static final String PLANNED_AT = "plannedAt";
    static final String PLANNED_ITEMS = "plannedItems";
    static final String FINISHED_AT = "finishedAt";
    static final String REASON = "reason";
    static final String EXPIRES_AT = StateApiResources.CatalogTable.TTL_ATTRIBUTE;

    private BackfillItem() {
    }

    static Map<String, AttributeValue> key(NamespaceInfo namespace, long version) {
        return key(namespace, Backfill.Kind.SCHEMA, version);
    }

    static Map<String, AttributeValue> key(NamespaceInfo namespace, Backfill.Kind kind, long version) {
        return key(kind, namespace.namespace(), namespace.createdAt(), version);
    }

    static Map<String, AttributeValue> key(Backfill backfill) {
        return key(backfill.kind(), backfill.namespace(), backfill.namespaceCreatedAt(), backfill.version());
    }

    private static Map<String, AttributeValue> key(Backfill.Kind kind, TenantNamespace namespace, Instant createdAt,
                                                   long version) {
        return Map.of(NamespaceItem.PK, AttributeValue.fromS(PARTITION), NamespaceItem.SK, AttributeValue.fromS(
                (kind == Backfill.Kind.FORMAT ? FORMAT_PREFIX : "")
                        + namespace.tenant().value() + "#" + namespace.name() + "#" + createdAt.toEpochMilli() + "#"
                        + String.format("%010d", version)));
    }

    static BackfillState state(Map<String, AttributeValue> item) {
        try {
            return BackfillState.of(StateItem.string(item, STATUS));
        } catch (IllegalArgumentException e) {
            throw StateItem.unreadable(item, "not a backfill status: " + e.getMessage());
        }
    }

    static Optional<Instant> finishedAt(Map<String, AttributeValue> item) {
        return StateItem.optionalNumber(item, FINISHED_AT).map(Instant::ofEpochMilli);
    }

    static Optional<String> reason(Map<String, AttributeValue> item) {
        return item.containsKey(REASON) ? Optional.of(StateItem.string(item, REASON)) : Optional.empty();
    }

    /** @throws io.stateapi.domain.exceptions.UnreadableStateException when the item breaks the layout */
    static Backfill backfill(Map<String, AttributeValue> item) {
        try {
            String sortKey = StateItem.string(item, NamespaceItem.SK);
            Backfill.Kind kind = sortKey.startsWith(FORMAT_PREFIX) ? Backfill.Kind.FORMAT : Backfill.Kind.SCHEMA;
            String[] parts = sortKey.substring(kind == Backfill.Kind.FORMAT ? FORMAT_PREFIX.length() : 0).split("#");
            AttributeValue dryRun = item.get(DRY_RUN);
            if (parts.length != 4 || dryRun == null || dryRun.bool() == null) {
                throw StateItem.unreadable(item, "not a backfill record");
            }
            Optional<Backfill.Plan> plan = item.containsKey(PLAN)
                    ? Optional.of(new Backfill.Plan(StateItem.string(item, PLAN),
                            Instant.ofEpochMilli(StateItem.number(item, PLANNED_AT)), StateItem.number(item, PLANNED_ITEMS)))
                    : Optional.empty();
            return new Backfill(TenantNamespace.of(parts[0], parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2])),
                    Long.parseLong(parts[3]), new BackfillRequest(dryRun.bool(),
                            (int) StateItem.number(item, SEGMENTS), (int) StateItem.number(item, ITEMS_PER_SECOND)),
                    StateItem.string(item, RUN), Instant.ofEpochMilli(StateItem.number(item, STARTED_AT)),
                    Instant.ofEpochMilli(StateItem.number(item, NOT_BEFORE)), plan, kind);
        } catch (io.stateapi.domain.exceptions.UnreadableStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StateItem.unreadable(item, "not a backfill record: " + e.getMessage());
        }
    }
}
