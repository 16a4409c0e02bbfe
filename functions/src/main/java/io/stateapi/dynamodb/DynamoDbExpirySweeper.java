package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.StateItem.CREATED_AT;
import static io.stateapi.dynamodb.StateItem.EXPIRED_AT;
import static io.stateapi.dynamodb.StateItem.EXPIRES_AT;
import static io.stateapi.dynamodb.StateItem.EXPIRY_BUCKET;
import static io.stateapi.dynamodb.StateItem.TOMBSTONE;
import static io.stateapi.dynamodb.StateItem.VALUE;
import static io.stateapi.dynamodb.StateItem.VERSION;

import io.stateapi.domain.ExpirySweeper;
import io.stateapi.domain.Key;
import io.stateapi.domain.SweepReport;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The expiry sweeper on DynamoDB (ADR 0008): finds expired values through the sparse expiry
 * index and turns each into a tombstone at the same version, with a conditional
 * {@code UpdateItem} that holds only while the item still looks live and its
 * {@code expiresAt} has passed. A write that re-created or replaced the value first makes the
 * condition fail, and the sweep leaves it alone.
 *
 * <p><b>Which buckets.</b> Values sit in the index under the UTC hour they expire in, spread
 * over {@link StateItem#EXPIRY_BUCKET_SHARDS} shards. A sweep queries every shard of every hour
 * from its checkpoint (or the previous hour, whichever is earlier) up to the hour of
 * {@code now}, for entries with {@code expiresAt <= now}, oldest hour first. The checkpoint is
 * the first hour not known to be empty; it moves forward only past hours that ended at least
 * {@link #SETTLE} ago, so a value the index shows late (it is eventually consistent) is still
 * found. After a sweeper outage the next sweeps therefore start from the checkpoint and work
 * through every hour missed, as far as each run's budget allows.
 *
 * <p>The checkpoint is one item in the state table under a partition key no namespace can
 * have ({@code #} is not allowed in a namespace): the sweeper needs no other table.
 */
public final class DynamoDbExpirySweeper implements ExpirySweeper {

    /** How long after an hour ends before the checkpoint may pass it (index propagation, clock skew). */
    static final Duration SETTLE = Duration.ofMinutes(10);
    /** How far back a sweep without a checkpoint (the first, or after it was deleted) looks. */
    static final Duration FIRST_SWEEP_LOOKBACK = Duration.ofHours(24);
    /** Shards swept at the same time; each is a sequence of queries and conditional updates. */
    private static final int PARALLEL_SHARDS = 4;

    static final String CHECKPOINT_PK = "#expiry-sweeper";
    static final String CHECKPOINT_SK = "checkpoint";
    /** Epoch seconds of the first hour whose bucket is not known to be swept. */
    static final String SWEPT_BEFORE = "sweptBefore";

    private static final String EXPIRED_AND_LIVE_LOOKING =
            "attribute_exists(#v) AND attribute_not_exists(#tomb) AND #exp <= :nowSec";
    // The version stays: it is the key's floor. expiredAt marks who wrote the tombstone, and
    // the stream mapper turns exactly this change into one expired event.
    // It joins the tombstone index under the day of the sweep (ADR 0019), and drops the trace
    // header of the write before: no request made this change (ADR 0050).
    private static final String INTO_TOMBSTONE =
            "SET #tomb = :true, #expd = #exp, #tbkt = :tbkt REMOVE #val, #num, #valz, #ca, #exp, #bkt, #th";
    private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("#v", VERSION),
            Map.entry("#tomb", TOMBSTONE), Map.entry("#exp", EXPIRES_AT), Map.entry("#expd", EXPIRED_AT),
            Map.entry("#val", VALUE), Map.entry("#num", StateItem.NUMBER_VALUE), Map.entry("#valz", StateItem.VALUE_Z),
            Map.entry("#ca", CREATED_AT), Map.entry("#bkt", EXPIRY_BUCKET), Map.entry("#tbkt", StateItem.TOMBSTONE_BUCKET),
            Map.entry("#th", StateItem.TRACE_HEADER));

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbExpirySweeper(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public SweepReport sweep(Instant now, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        Optional<Instant> checkpoint = checkpoint();
        Instant from = earliest(checkpoint.orElse(currentHour.minus(FIRST_SWEEP_LOOKBACK)),
                currentHour.minus(1, ChronoUnit.HOURS));
        Tally tally = new Tally();
        Instant unfinished = null;
        try (ExecutorService shards = Executors.newFixedThreadPool(PARALLEL_SHARDS, Thread.ofVirtual().factory())) {
            for (Instant hour = from; !hour.isAfter(currentHour) && unfinished == null;
                 hour = hour.plus(1, ChronoUnit.HOURS)) {
                if (!sweepHour(shards, hour, now, deadline, tally)) {
                    unfinished = hour;
                }
            }
        }
        Instant settled = now.minus(SETTLE).truncatedTo(ChronoUnit.HOURS);
        Instant next = unfinished == null ? settled : earliest(unfinished, settled);
        if (checkpoint.isEmpty() || next.isAfter(checkpoint.get())) {
            advanceCheckpoint(next);
        }
        return tally.report(now, unfinished == null);
    }

    private boolean sweepHour(ExecutorService shards, Instant hour, Instant now, long deadline, Tally tally) {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int shard = 0; shard < StateItem.EXPIRY_BUCKET_SHARDS; shard++) {
            String bucket = StateItem.expiryBucket(hour, shard);
            results.add(shards.submit(() -> sweepBucket(bucket, hour, now, deadline, tally)));
        }
        boolean finished = true;
        for (Future<Boolean> result : results) {
            try {
                finished &= result.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sweeping", e);
            }
        }
        return finished;
    }

    /** Sweeps one shard of one hour; {@code false} when the budget ran out before it was empty. */
    private boolean sweepBucket(String bucket, Instant hour, Instant now, long deadline, Tally tally) {
        Map<String, AttributeValue> start = null;
        do {
            if (System.nanoTime() > deadline) {
                tally.leftOver(hour.getEpochSecond());
                return false;
            }
            QueryResponse page = client.query(QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(StateApiResources.Table.EXPIRY_INDEX)
                    .keyConditionExpression("#bkt = :bkt AND #exp <= :nowSec")
                    .expressionAttributeNames(Map.of("#bkt", EXPIRY_BUCKET, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":bkt", AttributeValue.fromS(bucket),
                            ":nowSec", number(now.getEpochSecond())))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> entry : page.items()) {
                long expiresAt = Long.parseLong(entry.get(EXPIRES_AT).n());
                if (System.nanoTime() > deadline) {
                    tally.leftOver(expiresAt);
                    return false;
                }
                if (intoTombstone(entry, now)) {
                    tally.swept(expiresAt);
                } else {
                    tally.alreadyChanged.incrementAndGet();
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return true;
    }

    private boolean intoTombstone(Map<String, AttributeValue> indexEntry, Instant now) {
        String bucket = StateItem.tombstoneBucket(StateItem.namespace(indexEntry.get(StateItem.PK).s()),
                Key.of(indexEntry.get(StateItem.SK).s()), now);
        try {
            client.updateItem(b -> b.tableName(tableName)
                    .key(Map.of(StateItem.PK, indexEntry.get(StateItem.PK), StateItem.SK, indexEntry.get(StateItem.SK)))
                    .updateExpression(INTO_TOMBSTONE)
                    .conditionExpression(EXPIRED_AND_LIVE_LOOKING)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                            ":nowSec", number(now.getEpochSecond()), ":tbkt", AttributeValue.fromS(bucket))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            // Re-created, replaced or deleted since the index showed it: that write reported the expiry.
            return false;
        }
    }

    private Optional<Instant> checkpoint() {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName)
                .key(checkpointKey()).consistentRead(true)).item();
        if (item == null || !item.containsKey(SWEPT_BEFORE)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(item.get(SWEPT_BEFORE).n())));
    }

    private void advanceCheckpoint(Instant next) {
        try {
            client.updateItem(b -> b.tableName(tableName)
                    .key(checkpointKey())
                    .updateExpression("SET #sb = :next")
                    .conditionExpression("attribute_not_exists(#sb) OR #sb < :next")
                    .expressionAttributeNames(Map.of("#sb", SWEPT_BEFORE))
                    .expressionAttributeValues(Map.of(":next", number(next.getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            // A concurrent sweep moved it at least as far.
        }
    }

    private static Map<String, AttributeValue> checkpointKey() {
        return Map.of(StateItem.PK, AttributeValue.fromS(CHECKPOINT_PK), StateItem.SK, AttributeValue.fromS(CHECKPOINT_SK));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    /** Counts of one sweep, shared by the shards swept in parallel. */
    private static final class Tally {
        final AtomicInteger swept = new AtomicInteger();
        final AtomicInteger alreadyChanged = new AtomicInteger();
        /** Epoch seconds of the oldest expiry swept or left over. */
        final AtomicLong oldest = new AtomicLong(Long.MAX_VALUE);

        void swept(long expiresAt) {
            swept.incrementAndGet();
            oldest.accumulateAndGet(expiresAt, Math::min);
        }

        void leftOver(long expiredAtOrAfter) {
            oldest.accumulateAndGet(expiredAtOrAfter, Math::min);
        }

        SweepReport report(Instant now, boolean finished) {
            long oldestExpiry = oldest.get();
            Duration lag = oldestExpiry == Long.MAX_VALUE ? Duration.ZERO
                    : Duration.between(Instant.ofEpochSecond(oldestExpiry), now);
            return new SweepReport(swept.get(), alreadyChanged.get(), finished, lag.isNegative() ? Duration.ZERO : lag);
        }
    }
}
