package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.TombstonePurgeReport;
import io.stateapi.domain.TombstonePurger;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.VersionFloorItem.Floor;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Forgets tombstones older than the retention (ADR 0003, 0019). Tombstones sit in the sparse
 * tombstone index under the UTC day they were written, in {@link StateItem#TOMBSTONE_BUCKET_SHARDS}
 * shards; a day is purged once all of it is older than the retention. For each tombstone:
 * <ul>
 *   <li>if its name's version floor ({@link VersionFloorItem}) is below its version, the floor is
 *       raised to it, and the tombstone waits;</li>
 *   <li>once the floor is at least its version and was last raised at least
 *       {@link Housekeeping#SETTLE} ago (every api function instance has read
 *       it since: creates start above it), the tombstone is stripped to its keys ({@code UpdateItem},
 *       conditioned on it still being that tombstone) and then deleted ({@code DeleteItem},
 *       conditioned on it having no version). An item without a version is no state item, so
 *       neither step is a change event, and the fan-out puts nothing back.</li>
 * </ul>
 * A key created again meanwhile is no tombstone any more: the condition fails and it stays.
 * A checkpoint in the state table (partition key {@value #CHECKPOINT_PK}, which no namespace
 * can be) remembers the first day not yet purged.
 */
public final class DynamoDbTombstonePurger implements TombstonePurger {

    /** How far before the retention's edge a purge without a checkpoint (the first one) starts. */
    static final Duration FIRST_PURGE_LOOKBACK = Duration.ofDays(7);
    static final String CHECKPOINT_PK = "#tombstone-purge";
    static final String CHECKPOINT_SK = "checkpoint";
    /** Epoch seconds of the first UTC day whose tombstones are not known to be purged. */
    static final String PURGED_BEFORE = "purgedBefore";

    private static final String STRIP = "REMOVE #v, #tomb, #ua, #fmt, #wt, #expd";
    private static final Map<String, String> STRIP_NAMES = Map.of("#v", StateItem.VERSION,
            "#tomb", StateItem.TOMBSTONE, "#ua", StateItem.UPDATED_AT, "#fmt", StateItem.ITEM_FORMAT,
            "#wt", StateItem.WRITE_TOKEN, "#expd", StateItem.EXPIRED_AT);

    private final DynamoDbClient client;
    private final String stateTable;
    private final String catalogTable;
    private final Duration retention;

    public DynamoDbTombstonePurger(DynamoDbClient client, String stateTable, String catalogTable, Duration retention) {
        this.client = Objects.requireNonNull(client, "client");
        this.stateTable = Objects.requireNonNull(stateTable, "stateTable");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public TombstonePurgeReport purge(Instant now, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Instant cutoff = now.minus(retention);
        Optional<Instant> checkpoint = checkpoint();
        Instant day = checkpoint.orElse(cutoff.truncatedTo(ChronoUnit.DAYS).minus(FIRST_PURGE_LOOKBACK));
        Tally tally = new Tally(now);
        // Days whose tombstones wait for a floor do not hold up the days after them: each is raised
        // (or purged) in the same run, and the checkpoint stops at the first day not finished.
        Instant firstUnfinished = null;
        for (; !day.plus(1, ChronoUnit.DAYS).isAfter(cutoff) && System.nanoTime() < deadline;
             day = day.plus(1, ChronoUnit.DAYS)) {
            boolean dayDone = true;
            for (int shard = 0; shard < StateItem.TOMBSTONE_BUCKET_SHARDS; shard++) {
                dayDone &= purgeBucket(StateItem.tombstoneBucket(day, shard), deadline, tally);
            }
            if (!dayDone && firstUnfinished == null) {
                firstUnfinished = day;
            }
        }
        boolean finished = firstUnfinished == null && day.plus(1, ChronoUnit.DAYS).isAfter(cutoff);
        Instant next = firstUnfinished != null ? firstUnfinished : day;
        if (checkpoint.isEmpty() || next.isAfter(checkpoint.get())) {
            advanceCheckpoint(next);
        }
        return new TombstonePurgeReport(tally.purged, tally.floorsRaised, finished);
    }

    /** One shard of one day; false when something in it must wait for a later run. */
    private boolean purgeBucket(String bucket, long deadline, Tally tally) {
        boolean done = true;
        Map<String, AttributeValue> start = null;
        do {
            if (System.nanoTime() > deadline) {
                return false;
            }
            QueryRequest.Builder query = QueryRequest.builder().tableName(stateTable)
                    .indexName(StateApiResources.Table.TOMBSTONE_INDEX)
                    .keyConditionExpression("#tbkt = :bkt")
                    .expressionAttributeNames(Map.of("#tbkt", StateItem.TOMBSTONE_BUCKET))
                    .expressionAttributeValues(Map.of(":bkt", AttributeValue.fromS(bucket)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = call(() -> client.query(query.build()));
            Map<TenantNamespace, Long> toRaise = new HashMap<>();
            for (Map<String, AttributeValue> entry : page.items()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                done &= purgeOne(entry, tally, toRaise);
            }
            toRaise.forEach((namespace, version) -> tally.raise(namespace, version));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return done;
    }

    private boolean purgeOne(Map<String, AttributeValue> entry, Tally tally, Map<TenantNamespace, Long> toRaise) {
        Map<String, AttributeValue> key = Map.of(StateItem.PK, entry.get(StateItem.PK), StateItem.SK, entry.get(StateItem.SK));
        if (!entry.containsKey(StateItem.VERSION)) {
            // Stripped by a run that stopped before the delete.
            tally.purged += delete(key) ? 1 : 0;
            return true;
        }
        TenantNamespace namespace = StateItem.namespace(entry.get(StateItem.PK).s());
        long version = Long.parseLong(entry.get(StateItem.VERSION).n());
        Floor floor = tally.floor(namespace);
        if (floor.value() < version) {
            toRaise.merge(namespace, version, Math::max);
            return false;
        }
        if (floor.raisedAt().isAfter(tally.now.minus(Housekeeping.SETTLE))) {
            return false;
        }
        if (strip(key, version) && delete(key)) {
            tally.purged++;
        }
        return true;
    }

    /** Leaves the keys (and the bucket, so a run that stops here finds it again) of the tombstone at {@code version}. */
    private boolean strip(Map<String, AttributeValue> key, long version) {
        return call(() -> {
            try {
                client.updateItem(b -> b.tableName(stateTable).key(key).updateExpression(STRIP)
                        .conditionExpression("#tomb = :true AND #v = :v")
                        .expressionAttributeNames(STRIP_NAMES)
                        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                                ":v", AttributeValue.fromN(Long.toString(version)))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                // Created again (or deleted again, under a later day) since the index showed it.
                return false;
            }
        });
    }

    private boolean delete(Map<String, AttributeValue> key) {
        return call(() -> {
            try {
                client.deleteItem(b -> b.tableName(stateTable).key(key)
                        .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#v)")
                        .expressionAttributeNames(Map.of("#pk", StateItem.PK, "#v", StateItem.VERSION)));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    private Optional<Instant> checkpoint() {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(stateTable)
                .key(checkpointKey()).consistentRead(true)).item());
        if (item == null || !item.containsKey(PURGED_BEFORE)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(item.get(PURGED_BEFORE).n())));
    }

    private void advanceCheckpoint(Instant next) {
        call(() -> {
            try {
                client.updateItem(b -> b.tableName(stateTable).key(checkpointKey())
                        .updateExpression("SET #pb = :next")
                        .conditionExpression("attribute_not_exists(#pb) OR #pb < :next")
                        .expressionAttributeNames(Map.of("#pb", PURGED_BEFORE))
                        .expressionAttributeValues(Map.of(":next", AttributeValue.fromN(Long.toString(next.getEpochSecond())))));
            } catch (ConditionalCheckFailedException e) {
                // A concurrent run moved it at least as far.
            }
            return null;
        });
    }

    private static Map<String, AttributeValue> checkpointKey() {
        return Map.of(StateItem.PK, AttributeValue.fromS(CHECKPOINT_PK), StateItem.SK, AttributeValue.fromS(CHECKPOINT_SK));
    }

    /** One run's counts, and the floors it read or raised (read once per namespace per run). */
    private final class Tally {
        final Instant now;
        final Map<TenantNamespace, Floor> floors = new HashMap<>();
        long purged;
        int floorsRaised;

        Tally(Instant now) {
            this.now = now;
        }

        Floor floor(TenantNamespace namespace) {
            return floors.computeIfAbsent(namespace, ns -> VersionFloorItem.read(client, catalogTable, ns));
        }

        void raise(TenantNamespace namespace, long version) {
            Optional<Floor> raised = VersionFloorItem.raise(client, catalogTable, namespace, version, now);
            // Raised by someone else meanwhile: read it again in the next run.
            floors.put(namespace, raised.orElse(new Floor(version, now)));
            floorsRaised += raised.isPresent() ? 1 : 0;
        }
    }
}
