package io.stateapi.dynamodb;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sets a table's housekeeping checkpoints (ADR 0008, 0019) where an hourly schedule would have
 * left them, for a test that moves its clock by weeks. Without them, the next run queries every
 * shard of every hour (expiry) and every day (tombstones) the clock skipped: 16 queries an hour
 * and 16 a day, about 12,500 for a month, emulator time spent on buckets that are empty. Catching
 * up from an old checkpoint is the subject of the sweeper's and the purger's own tests.
 */
public final class HousekeepingCheckpoints {

    private HousekeepingCheckpoints() {
    }

    /** The expiry sweeper's checkpoint at the hour before {@code now}'s, as hourly sweeps keep it. */
    public static void sweptUpTo(DynamoDbClient client, String table, Instant now) {
        Instant previousHour = now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        put(client, table, DynamoDbExpirySweeper.CHECKPOINT_PK, DynamoDbExpirySweeper.CHECKPOINT_SK,
                DynamoDbExpirySweeper.SWEPT_BEFORE, previousHour);
    }

    /**
     * The tombstone purger's checkpoint at the UTC day of {@code firstTombstone}: the days before it
     * held no tombstone, as daily runs would have found.
     */
    public static void tombstonesPurgedBefore(DynamoDbClient client, String table, Instant firstTombstone) {
        put(client, table, DynamoDbTombstonePurger.CHECKPOINT_PK, DynamoDbTombstonePurger.CHECKPOINT_SK,
                DynamoDbTombstonePurger.PURGED_BEFORE, firstTombstone.truncatedTo(ChronoUnit.DAYS));
    }

    private static void put(DynamoDbClient client, String table, String pk, String sk, String attribute, Instant at) {
        client.putItem(b -> b.tableName(table).item(Map.of(
                StateItem.PK, AttributeValue.fromS(pk),
                StateItem.SK, AttributeValue.fromS(sk),
                attribute, AttributeValue.fromN(Long.toString(at.getEpochSecond())))));
    }
}
