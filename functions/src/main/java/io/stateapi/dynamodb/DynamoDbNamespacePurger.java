package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.RETRY_AFTER;
import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.NamespacePurger;
import io.stateapi.domain.PurgeReport;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.namespaces.PurgeStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.PurgeItem.Phase;
import io.stateapi.dynamodb.PurgeItem.Progress;
import io.stateapi.resources.Housekeeping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Namespace purges on DynamoDB (ADR 0019). Each running purge ({@link PurgeItem}) goes through
 * three phases, a batch of at most {@value #BATCH} items at a time, its record saved after
 * every batch (phase, cursor, counts), so a run that crashed or ran out of time is resumed by the
 * next from the last saved batch:
 * <ol>
 *   <li>the namespace's state items, from the cursor: each is first overwritten with its keys
 *       alone, then deleted ({@code BatchWriteItem} both times). An item without a version is no
 *       state item, so neither change is a change event and the fan-out puts no tombstone back;</li>
 *   <li>its idempotency records (no stream: deleted at once);</li>
 *   <li>once {@link Housekeeping#SETTLE} has passed since the purge started,
 *       so that every api function instance refuses writes into it: both again from the start,
 *       for the writes an instance let in behind the cursor before it knew.</li>
 * </ol>
 * When the final pass finds both empty, the name's version floor is raised to the highest
 * version removed, the namespace's catalog item is deleted, and the record says {@code done}
 * (kept {@link Housekeeping#FINISHED_PURGE_RETENTION}, then removed by TTL).
 *
 * <p>A run advances a purge only while it holds the purge's {@link PurgeLease}, taken before its
 * first batch and renewed by each save: two runs at once (the schedule overlapping a slow run)
 * would otherwise both delete, and the keys of the one whose save loses would go uncounted.
 */
public final class DynamoDbNamespacePurger implements NamespacePurger {

    /** Items per batch: the most one {@code BatchWriteItem} takes. */
    static final int BATCH = 25;
    private static final int WRITE_ATTEMPTS = 8;

    private final DynamoDbClient client;
    private final String stateTable;
    private final String idempotencyTable;
    private final String catalogTable;
    private final Clock clock;

    public DynamoDbNamespacePurger(DynamoDbClient client, String stateTable, String idempotencyTable,
                                   String catalogTable) {
        this(client, stateTable, idempotencyTable, catalogTable, Clock.systemUTC());
    }

    /** {@code clock}: the wall clock leases are measured on. */
    DynamoDbNamespacePurger(DynamoDbClient client, String stateTable, String idempotencyTable,
                            String catalogTable, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = Objects.requireNonNull(client, "client");
        this.stateTable = Objects.requireNonNull(stateTable, "stateTable");
        this.idempotencyTable = Objects.requireNonNull(idempotencyTable, "idempotencyTable");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
    }

    @Override
    public PurgeReport advance(Instant now, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        long keys = 0;
        int finished = 0;
        int running = 0;
        for (Map<String, AttributeValue> record : runningPurges()) {
            Run run = new Run(PurgeItem.progress(record), now, deadline);
            if (System.nanoTime() < deadline) {
                run.advance();
            }
            keys += run.keysPurged;
            if (run.done) {
                finished++;
            } else {
                running++;
            }
        }
        return new PurgeReport(keys, finished, running);
    }

    private List<Map<String, AttributeValue>> runningPurges() {
        List<Map<String, AttributeValue>> running = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(catalogTable)
                    .keyConditionExpression("#pk = :pk")
                    .filterExpression("#st = :running")
                    .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK, "#st", PurgeItem.STATUS))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PurgeItem.PARTITION),
                            ":running", AttributeValue.fromS(PurgeStatus.State.RUNNING.label())))
                    .consistentRead(true);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = call(() -> client.query(query.build()));
            running.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return running;
    }

    /** One purge's share of one housekeeping run. */
    private final class Run {
        private Progress progress;
        private final Instant now;
        private final long deadline;
        private final PurgeLease lease;
        long keysPurged;
        boolean done;

        Run(Progress progress, Instant now, long deadline) {
            this.progress = progress;
            this.now = now;
            this.deadline = deadline;
            this.lease = new PurgeLease(client, catalogTable, clock, progress.namespace());
        }

        void advance() {
            if (!lease.take(progress.step())) {
                return; // another run holds the purge, or has saved since it was read: it goes on
            }
            try {
                advanceHeld();
            } finally {
                if (!done) {
                    lease.release();
                }
            }
        }

        private void advanceHeld() {
            if (!namespaceIsPurging()) {
                // A run removed the namespace but stopped before recording it: nothing is left to delete.
                finish();
                return;
            }
            while (System.nanoTime() < deadline) {
                boolean moved = switch (progress.phase()) {
                    case KEYS -> pass(stateTable, progress.cursor(), Phase.IDEMPOTENCY);
                    case IDEMPOTENCY -> pass(idempotencyTable, progress.cursor(), Phase.FINAL);
                    case FINAL -> finalPass();
                };
                if (!moved || done) {
                    return;
                }
            }
        }

        /** One batch of a phase from its cursor; at its end the next phase starts. */
        private boolean pass(String table, Optional<String> cursor, Phase next) {
            QueryResponse page = page(table, cursor);
            boolean last = !page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty();
            Removed removed = remove(table, page.items());
            Optional<String> lastKey = page.items().isEmpty() ? cursor
                    : Optional.of(page.items().get(page.items().size() - 1).get(StateItem.SK).s());
            return save(last ? next : progress.phase(), last ? Optional.empty() : lastKey, removed);
        }

        /** Both tables again from the start, once no instance can still be writing into the namespace. */
        private boolean finalPass() {
            if (now.isBefore(progress.startedAt().plus(Housekeeping.SETTLE))) {
                return false;
            }
            for (String table : List.of(stateTable, idempotencyTable)) {
                QueryResponse page = page(table, Optional.empty());
                if (!page.items().isEmpty()) {
                    return save(Phase.FINAL, Optional.empty(), remove(table, page.items()));
                }
            }
            finish();
            return true;
        }

        private boolean namespaceIsPurging() {
            Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                    .key(NamespaceItem.key(progress.namespace())).consistentRead(true)).item());
            return item != null && item.containsKey(NamespaceItem.STATUS)
                    && NamespaceStatus.PURGING.label().equals(item.get(NamespaceItem.STATUS).s());
        }

        private QueryResponse page(String table, Optional<String> after) {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", StateItem.PK))
                    .expressionAttributeValues(Map.of(":pk",
                            AttributeValue.fromS(StateItem.partitionKey(progress.namespace()))))
                    .consistentRead(true)
                    .limit(BATCH);
            after.ifPresent(sk -> query.exclusiveStartKey(Map.of(
                    StateItem.PK, AttributeValue.fromS(StateItem.partitionKey(progress.namespace())),
                    StateItem.SK, AttributeValue.fromS(sk))));
            return call(() -> client.query(query.build()));
        }

        private Removed remove(String table, List<Map<String, AttributeValue>> items) {
            if (items.isEmpty()) {
                return new Removed(0, 0);
            }
            long keys = 0;
            long maxVersion = 0;
            List<WriteRequest> strips = new ArrayList<>();
            List<WriteRequest> deletes = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                Map<String, AttributeValue> key = Map.of(StateItem.PK, item.get(StateItem.PK),
                        StateItem.SK, item.get(StateItem.SK));
                if (table.equals(stateTable) && item.containsKey(StateItem.VERSION)) {
                    maxVersion = Math.max(maxVersion, Long.parseLong(item.get(StateItem.VERSION).n()));
                    if (!StateItem.isTombstone(item)) {
                        keys++;
                    }
                    strips.add(WriteRequest.builder().putRequest(PutRequest.builder().item(key).build()).build());
                }
                deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
            }
            // Keys alone first: the delete that follows then removes no state item (no event, no put-back).
            write(table, strips);
            write(table, deletes);
            return new Removed(keys, maxVersion);
        }

        /** Saves the progress after a batch; false when another run advanced this purge meanwhile. */
        private boolean save(Phase phase, Optional<String> cursor, Removed removed) {
            Map<String, AttributeValue> values = new HashMap<>(Map.of(
                    ":phase", AttributeValue.fromS(phase.label()),
                    ":dk", NamespaceItem.number(progress.deletedKeys() + removed.keys()),
                    ":mv", NamespaceItem.number(Math.max(progress.maxVersion(), removed.maxVersion())),
                    ":step", NamespaceItem.number(progress.step()),
                    ":next", NamespaceItem.number(progress.step() + 1)));
            cursor.ifPresent(c -> values.put(":cursor", AttributeValue.fromS(c)));
            lease.renewal(values);
            String update = "SET #ph = :phase, #dk = :dk, #mv = :mv, #step = :next, " + PurgeLease.RENEW
                    + (cursor.isPresent() ? ", #cur = :cursor" : " REMOVE #cur");
            if (!conditionalUpdate(update, values)) {
                return false;
            }
            keysPurged += removed.keys();
            progress = new Progress(progress.namespace(), progress.startedAt(), progress.deletedKeys() + removed.keys(),
                    Math.max(progress.maxVersion(), removed.maxVersion()), phase, cursor, progress.step() + 1);
            return true;
        }

        /** The name keeps every version removed; then the namespace goes and the record says done. */
        private void finish() {
            VersionFloorItem.raise(client, catalogTable, progress.namespace(), progress.maxVersion(), now);
            call(() -> {
                try {
                    client.deleteItem(b -> b.tableName(catalogTable).key(NamespaceItem.key(progress.namespace()))
                            .conditionExpression("#st = :purging")
                            .expressionAttributeNames(Map.of("#st", NamespaceItem.STATUS))
                            .expressionAttributeValues(Map.of(":purging",
                                    AttributeValue.fromS(NamespaceStatus.PURGING.label()))));
                } catch (ConditionalCheckFailedException alreadyGone) {
                    // Removed by an earlier run, or created again after it: not this purge's to delete.
                }
                return null;
            });
            Instant finishedAt = Instant.ofEpochMilli(now.toEpochMilli());
            done = conditionalUpdate("SET #status = :done, #fin = :fin, #exp = :exp, #step = :next REMOVE #cur, #ph, "
                    + PurgeLease.CLEAR,
                    new HashMap<>(Map.of(":done", AttributeValue.fromS(PurgeStatus.State.DONE.label()),
                            ":fin", NamespaceItem.number(finishedAt.toEpochMilli()),
                            ":exp", NamespaceItem.number(finishedAt
                                    .plus(Housekeeping.FINISHED_PURGE_RETENTION).getEpochSecond()),
                            ":step", NamespaceItem.number(progress.step()),
                            ":next", NamespaceItem.number(progress.step() + 1))));
        }

        private boolean conditionalUpdate(String update, Map<String, AttributeValue> values) {
            Map<String, String> names = new HashMap<>();
            for (String[] name : new String[][] {{"#ph", PurgeItem.PHASE}, {"#dk", PurgeItem.DELETED_KEYS},
                    {"#mv", PurgeItem.MAX_VERSION}, {"#step", PurgeItem.STEP}, {"#cur", PurgeItem.CURSOR},
                    {"#status", PurgeItem.STATUS}, {"#fin", PurgeItem.FINISHED_AT}, {"#exp", PurgeItem.EXPIRES_AT}}) {
                if (update.contains(name[0])) {
                    names.put(name[0], name[1]);
                }
            }
            names.put("#step", PurgeItem.STEP);
            PurgeLease.names(names);
            lease.values(values);
            return call(() -> {
                try {
                    client.updateItem(b -> b.tableName(catalogTable).key(PurgeItem.key(progress.namespace()))
                            .updateExpression(update).conditionExpression("#step = :step AND " + PurgeLease.HELD)
                            .expressionAttributeNames(names).expressionAttributeValues(values));
                    return true;
                } catch (ConditionalCheckFailedException e) {
                    return false;
                }
            });
        }
    }

    /** Writes a batch, sending again what DynamoDB left unprocessed (throttling), a few times. */
    private void write(String table, List<WriteRequest> requests) {
        if (requests.isEmpty()) {
            return;
        }
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        for (int attempt = 0; attempt < WRITE_ATTEMPTS && !pending.isEmpty(); attempt++) {
            Map<String, List<WriteRequest>> sending = pending;
            pending = call(() -> client.batchWriteItem(b -> b.requestItems(sending)).unprocessedItems());
            if (!pending.isEmpty()) {
                backOff(attempt);
            }
        }
        if (!pending.isEmpty()) {
            // The record was not saved past this batch: the next run does it again.
            throw new StoreUnavailableException("the table kept throttling a purge's batch", RETRY_AFTER, null);
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while purging", e);
        }
    }

    private record Removed(long keys, long maxVersion) {
    }
}
