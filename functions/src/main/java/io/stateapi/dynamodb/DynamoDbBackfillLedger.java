package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.DynamoDbCalls.call;

import io.stateapi.domain.backfill.Backfill;
import io.stateapi.domain.backfill.BackfillLedger;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillSegment;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.KeyRange;
import io.stateapi.domain.namespaces.NamespaceInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Backfills and their checkpoints in the catalog table (ADR 0058): a record per backfill
 * ({@link BackfillItem}) and, once a run split the namespace, a checkpoint per segment
 * ({@link BackfillSegmentItem}) under the plan's id. Every write is an {@code UpdateItem}, the
 * only catalog write the housekeeping function is granted besides deletes.
 */
public final class DynamoDbBackfillLedger implements BackfillLedger {

    /** Far above one page's work (a page takes about 10 s at the segment's rate, plus its writes). */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** How long an ended backfill stays readable. */
    static final Duration ENDED_RETENTION = Duration.ofDays(30);
    /** A segment checkpoint outlives its last save by this much (a lost plan's segments go with it). */
    static final Duration SEGMENT_RETENTION = Duration.ofDays(90);

    private final DynamoDbClient client;
    private final String catalogTable;
    private final Clock clock;

    public DynamoDbBackfillLedger(DynamoDbClient client, String catalogTable) {
        this(client, catalogTable, Clock.systemUTC());
    }

    /** {@code clock}: the wall clock leases are measured on, never a run's {@code now} (tests move it). */
    public DynamoDbBackfillLedger(DynamoDbClient client, String catalogTable, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalogTable = Objects.requireNonNull(catalogTable, "catalogTable");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Started start(NamespaceInfo namespace, long version, BackfillRequest request, Instant notBefore, Instant now) {
        return start(namespace, Backfill.Kind.SCHEMA, version, request, notBefore, now);
    }

    @Override
    public Started start(NamespaceInfo namespace, Backfill.Kind kind, long version, BackfillRequest request,
                         Instant notBefore, Instant now) {
        Map<String, String> names = names(BackfillItem.STATUS, BackfillItem.DRY_RUN, BackfillItem.SEGMENTS,
                BackfillItem.ITEMS_PER_SECOND, BackfillItem.RUN, BackfillItem.STARTED_AT, BackfillItem.NOT_BEFORE,
                BackfillItem.PLAN, BackfillItem.PLANNED_AT, BackfillItem.PLANNED_ITEMS, BackfillItem.FINISHED_AT,
                BackfillItem.REASON, BackfillItem.EXPIRES_AT);
        Map<String, AttributeValue> values = Map.of(":running", runningLabel(), ":dry", AttributeValue.fromBool(request.dryRun()),
                ":seg", NamespaceItem.number(request.segments()), ":ips", NamespaceItem.number(request.itemsPerSecond()),
                ":run", AttributeValue.fromS(UUID.randomUUID().toString()),
                ":start", NamespaceItem.number(now.toEpochMilli()), ":nb", NamespaceItem.number(notBefore.toEpochMilli()));
        try {
            Map<String, AttributeValue> item = call(() -> client.updateItem(b -> b.tableName(catalogTable)
                    .key(BackfillItem.key(namespace, kind, version))
                    .updateExpression("SET #status = :running, #dryRun = :dry, #segments = :seg, #itemsPerSecond = :ips, "
                            + "#run = :run, #startedAt = :start, #notBefore = :nb REMOVE #plan, #plannedAt, "
                            + "#plannedItems, #finishedAt, #reason, #expiresAt")
                    .conditionExpression("attribute_not_exists(#status) OR #status <> :running")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
            return new Started(status(item, now), true);
        } catch (ConditionalCheckFailedException running) {
            return new Started(status(namespace, kind, version, now).orElseThrow(), false);
        }
    }

    @Override
    public Optional<BackfillStatus> status(NamespaceInfo namespace, long version, Instant now) {
        return status(namespace, Backfill.Kind.SCHEMA, version, now);
    }

    @Override
    public Optional<BackfillStatus> status(NamespaceInfo namespace, Backfill.Kind kind, long version, Instant now) {
        Map<String, AttributeValue> item = call(() -> client.getItem(b -> b.tableName(catalogTable)
                .key(BackfillItem.key(namespace, kind, version)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(status(item, now));
    }

    @Override
    public Optional<BackfillStatus> cancel(NamespaceInfo namespace, long version, String reason, Instant now) {
        return cancel(namespace, Backfill.Kind.SCHEMA, version, reason, now);
    }

    @Override
    public Optional<BackfillStatus> cancel(NamespaceInfo namespace, Backfill.Kind kind, long version, String reason,
                                           Instant now) {
        ended(BackfillItem.key(namespace, kind, version), BackfillState.CANCELLED, Optional.of(reason), Optional.empty(), now);
        return status(namespace, kind, version, now);
    }

    @Override
    public List<Backfill> running() {
        return running(Backfill.Kind.SCHEMA);
    }

    /**
     * Format backfills' records begin with {@link BackfillItem#FORMAT_PREFIX} (a key condition
     * finds them); schema backfills' are the others (a filter leaves the format ones out).
     */
    @Override
    public List<Backfill> running(Backfill.Kind kind) {
        boolean format = kind == Backfill.Kind.FORMAT;
        List<Backfill> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(catalogTable)
                    .keyConditionExpression("#pk = :pk" + (format ? " AND begins_with(#sk, :format)" : ""))
                    .filterExpression("#status = :running" + (format ? "" : " AND NOT begins_with(#sk, :format)"))
                    .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK, "#sk", NamespaceItem.SK,
                            "#status", BackfillItem.STATUS))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(BackfillItem.PARTITION),
                            ":running", runningLabel(), ":format", AttributeValue.fromS(BackfillItem.FORMAT_PREFIX)))
                    .consistentRead(true).exclusiveStartKey(start);
            QueryResponse page = call(() -> client.query(query.build()));
            page.items().forEach(item -> found.add(BackfillItem.backfill(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }

    @Override
    public Optional<Backfill> plan(Backfill backfill, List<KeyRange> ranges, long plannedItems, Instant now) {
        String plan = UUID.randomUUID().toString();
        for (int index = 0; index < ranges.size(); index++) {
            KeyRange range = ranges.get(index);
            Map<String, String> names = names(BackfillSegmentItem.SCANNED, BackfillSegmentItem.UPGRADED,
                    BackfillSegmentItem.CURRENT, BackfillSegmentItem.FAILED, BackfillSegmentItem.STEP,
                    BackfillSegmentItem.DONE, BackfillSegmentItem.EXPIRES_AT);
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":zero", NamespaceItem.number(0),
                    ":no", AttributeValue.fromBool(false), ":exp", segmentExpiry()));
            String update = "SET #scanned = :zero, #upgraded = :zero, #current = :zero, #failed = :zero, #step = :zero, "
                    + "#done = :no, #expiresAt = :exp";
            if (range.after().isPresent()) {
                names.put("#after", BackfillSegmentItem.AFTER);
                values.put(":after", AttributeValue.fromS(range.after().get().value()));
                update += ", #after = :after";
            }
            if (range.upTo().isPresent()) {
                names.put("#upTo", BackfillSegmentItem.UP_TO);
                values.put(":upTo", AttributeValue.fromS(range.upTo().get().value()));
                update += ", #upTo = :upTo";
            }
            String expression = update;
            Map<String, AttributeValue> key = BackfillSegmentItem.key(plan, index);
            call(() -> client.updateItem(b -> b.tableName(catalogTable).key(key).updateExpression(expression)
                    .expressionAttributeNames(names).expressionAttributeValues(values)));
        }
        // The plan holds once the record names it; a plan another run recorded first wins, and this one's segments expire.
        Map<String, AttributeValue> values = Map.of(":plan", AttributeValue.fromS(plan),
                ":at", NamespaceItem.number(now.toEpochMilli()), ":items", NamespaceItem.number(plannedItems),
                ":running", runningLabel(), ":run", AttributeValue.fromS(backfill.run()));
        try {
            Map<String, AttributeValue> item = call(() -> client.updateItem(b -> b.tableName(catalogTable)
                    .key(BackfillItem.key(backfill))
                    .updateExpression("SET #plan = :plan, #plannedAt = :at, #plannedItems = :items")
                    .conditionExpression("#status = :running AND #run = :run AND attribute_not_exists(#plan)")
                    .expressionAttributeNames(names(BackfillItem.PLAN, BackfillItem.PLANNED_AT, BackfillItem.PLANNED_ITEMS,
                            BackfillItem.STATUS, BackfillItem.RUN))
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes());
            return Optional.of(BackfillItem.backfill(item));
        } catch (ConditionalCheckFailedException planned) {
            return Optional.empty();
        }
    }

    @Override
    public List<BackfillSegment> segments(Backfill backfill) {
        return backfill.plan().map(plan -> segments(plan.id())).orElse(List.of());
    }

    private List<BackfillSegment> segments(String plan) {
        List<BackfillSegment> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(catalogTable).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", NamespaceItem.PK))
                    .expressionAttributeValues(Map.of(":pk", BackfillSegmentItem.partition(plan)))
                    .consistentRead(true).exclusiveStartKey(start);
            QueryResponse page = call(() -> client.query(query.build()));
            page.items().forEach(item -> found.add(BackfillSegmentItem.segment(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }

    @Override
    public Optional<SegmentHold> take(Backfill backfill, int segment) {
        String plan = backfill.plan().orElseThrow(() -> new IllegalStateException("a backfill is planned before its segments are taken")).id();
        String owner = UUID.randomUUID().toString();
        Map<String, AttributeValue> values = Map.of(":me", AttributeValue.fromS(owner),
                ":until", NamespaceItem.number(clock.millis() + LEASE.toMillis()), ":now", NamespaceItem.number(clock.millis()));
        return conditional(UpdateItemRequest.builder().tableName(catalogTable).key(BackfillSegmentItem.key(plan, segment))
                .updateExpression("SET #own = :me, #until = :until")
                .conditionExpression("attribute_exists(#step) AND (attribute_not_exists(#own) OR #until < :now)")
                .expressionAttributeNames(lease(names(BackfillSegmentItem.STEP)))
                .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW).build(), item ->
                new Hold(plan, owner, BackfillSegmentItem.segment(item), StateItem.number(item, BackfillSegmentItem.STEP)));
    }

    @Override
    public void finish(Backfill backfill, BackfillState state, Optional<String> reason, Instant now) {
        ended(BackfillItem.key(backfill), state, reason, Optional.of(backfill.run()), now);
    }

    /** Marks a running backfill ended (of this run, when given); nothing when it no longer runs. */
    private void ended(Map<String, AttributeValue> key, BackfillState state, Optional<String> reason,
                       Optional<String> run, Instant now) {
        Map<String, String> names = names(BackfillItem.STATUS, BackfillItem.FINISHED_AT, BackfillItem.EXPIRES_AT,
                BackfillItem.REASON, BackfillItem.RUN);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":state", AttributeValue.fromS(state.label()),
                ":fin", NamespaceItem.number(now.toEpochMilli()), ":running", runningLabel(),
                ":exp", NamespaceItem.number(now.plus(ENDED_RETENTION).getEpochSecond())));
        reason.ifPresent(r -> values.put(":reason", AttributeValue.fromS(r)));
        run.ifPresent(r -> values.put(":run", AttributeValue.fromS(r)));
        conditional(UpdateItemRequest.builder().tableName(catalogTable).key(key)
                .updateExpression("SET #status = :state, #finishedAt = :fin, #expiresAt = :exp"
                        + (reason.isPresent() ? ", #reason = :reason" : ""))
                .conditionExpression("#status = :running" + (run.isPresent() ? " AND #run = :run" : ""))
                .expressionAttributeNames(names.entrySet().stream()
                        .filter(e -> !e.getKey().equals("#reason") || reason.isPresent())
                        .filter(e -> !e.getKey().equals("#run") || run.isPresent())
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .expressionAttributeValues(values).build(), item -> item);
    }

    private BackfillStatus status(Map<String, AttributeValue> item, Instant now) {
        Backfill backfill = BackfillItem.backfill(item);
        return BackfillStatus.of(backfill, BackfillItem.state(item), segments(backfill), BackfillItem.finishedAt(item),
                BackfillItem.reason(item), now);
    }

    /** One run's lease on one segment: every save is conditioned on it and on the step it read. */
    private final class Hold implements SegmentHold {
        private final String plan;
        private final String owner;
        private BackfillSegment segment;
        private long step;

        Hold(String plan, String owner, BackfillSegment segment, long step) {
            this.plan = plan;
            this.owner = owner;
            this.segment = segment;
            this.step = step;
        }

        @Override
        public BackfillSegment segment() {
            return segment;
        }

        @Override
        public boolean save(BackfillSegment next) {
            Map<String, String> names = lease(names(BackfillSegmentItem.STEP, BackfillSegmentItem.EXPIRES_AT));
            Map<String, AttributeValue> values = new HashMap<>(BackfillSegmentItem.checkpoint(next));
            String update = BackfillSegmentItem.checkpointExpression(next, names, values)
                    + "#step = :next, #until = :until, #expiresAt = :exp" + (next.cursor().isEmpty() ? " REMOVE #cursor" : "");
            values.putAll(Map.of(":step", NamespaceItem.number(step), ":next", NamespaceItem.number(step + 1),
                    ":me", AttributeValue.fromS(owner), ":until", NamespaceItem.number(clock.millis() + LEASE.toMillis()),
                    ":exp", segmentExpiry()));
            boolean saved = conditional(UpdateItemRequest.builder().tableName(catalogTable)
                    .key(BackfillSegmentItem.key(plan, next.index())).updateExpression(update)
                    .conditionExpression("#step = :step AND #own = :me")
                    .expressionAttributeNames(names).expressionAttributeValues(values).build(), item -> true).orElse(false);
            if (saved) {
                segment = next;
                step++;
            }
            return saved;
        }

        @Override
        public void release() {
            try {
                conditional(UpdateItemRequest.builder().tableName(catalogTable).key(BackfillSegmentItem.key(plan, segment.index()))
                        .updateExpression("REMOVE #own, #until").conditionExpression("#own = :me")
                        .expressionAttributeNames(lease(names()))
                        .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner))).build(), item -> item);
            } catch (RuntimeException e) {
                // The lease runs out by itself; the error that ended the run (if any) is the one to report.
            }
        }
    }

    private <T> Optional<T> conditional(UpdateItemRequest request, Function<Map<String, AttributeValue>, T> onSuccess) {
        return call(() -> {
            try {
                return Optional.of(onSuccess.apply(client.updateItem(request).attributes()));
            } catch (ConditionalCheckFailedException e) {
                return Optional.empty();
            }
        });
    }

    private AttributeValue segmentExpiry() {
        return NamespaceItem.number(clock.instant().plus(SEGMENT_RETENTION).getEpochSecond());
    }

    private static AttributeValue runningLabel() {
        return AttributeValue.fromS(BackfillState.RUNNING.label());
    }

    /** Adds the lease's attributes as {@code #own} and {@code #until}. */
    private static Map<String, String> lease(Map<String, String> names) {
        names.put("#own", BackfillSegmentItem.LEASE_OWNER);
        names.put("#until", BackfillSegmentItem.LEASE_UNTIL);
        return names;
    }

    /** {@code #name -> name} for each attribute name. */
    private static Map<String, String> names(String... attributes) {
        Map<String, String> names = new HashMap<>();
        for (String attribute : attributes) {
            names.put("#" + attribute, attribute);
        }
        return names;
    }
}
