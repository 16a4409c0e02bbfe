package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.BackfillTables.T0;
import static io.stateapi.dynamodb.BackfillTables.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.backfill.BackfillCounts;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.FailedKey;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.SettableClock;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The backfill killed at random points and resumed neither skips nor repeats an item (issue 15):
 * runs die in the transform (before a write), right after an item's write committed (before the
 * checkpoint), and right after a checkpoint was saved (before the run knew it); each next run
 * goes on from the checkpoints. At the end every item has exactly one upgrade version and the
 * counts are exact.
 */
class BackfillKillTest {

    private static final int ITEMS = 150;
    private static final Set<Key> FAILING = IntStream.of(7, 70, 71, 149).mapToObj(BackfillTables::key)
            .collect(Collectors.toSet());

    private final BackfillTables tables = new BackfillTables();
    private final TenantNamespace orders = TenantNamespace.of("tenant-a", "orders");

    @AfterEach
    void dropTables() {
        tables.close();
    }

    /** The process dying: nothing after the throw happens in this run. */
    static final class Killed extends RuntimeException {
        Killed(String where) {
            super("killed " + where, null, false, false);
        }
    }

    /**
     * Kills, with probability {@code p}, right after a write on {@code table} succeeded: an
     * {@code UpdateItem} (checkpoints, leases, a recognition put) or a {@code PutItem} (an item's
     * upgrade, ADR 0067).
     */
    static ExecutionInterceptor killAfterUpdates(String table, Random random, double p, AtomicInteger kills) {
        return new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                String written = context.request() instanceof UpdateItemRequest update ? update.tableName()
                        : context.request() instanceof PutItemRequest put ? put.tableName() : null;
                if (table.equals(written) && random.nextDouble() < p) {
                    kills.incrementAndGet();
                    throw new Killed("after a committed update of " + table);
                }
            }
        };
    }

    /** Whether the run ended in a kill (the SDK may wrap what an interceptor throws). */
    private static boolean killed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Killed) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (killed(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void killedAtRandomPointsAndResumedItNeitherSkipsNorRepeatsAnItem() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, ITEMS);
        tables.start(namespace, new BackfillRequest(false, 4, 1000));
        Random random = new Random(20261203L);
        AtomicInteger kills = new AtomicInteger();
        var afterItemWrites = tables.client(killAfterUpdates(tables.stateTable, random, 0.05, kills));
        var afterCheckpoints = tables.client(killAfterUpdates(tables.catalogTable, random, 0.05, kills));
        var upgrader = SchemaBackfillTest.toVersion2(FAILING, value -> {
            if (random.nextDouble() < 0.03) {
                kills.incrementAndGet();
                throw new Killed("in the transform");
            }
        });

        // A run killed while it held a lease leaves it held: the next run comes after the lease ran out.
        SettableClock leases = new SettableClock(java.time.Instant.now());
        int runs = 0;
        while (tables.status(namespace).state() == BackfillState.RUNNING && runs < 400) {
            runs++;
            try {
                tables.backfiller(afterItemWrites, afterCheckpoints, upgrader, leases)
                        .advance(T0.plusSeconds(1), Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                if (!killed(e)) {
                    throw e;
                }
            }
            leases.advance(DynamoDbBackfillLedger.LEASE.plusSeconds(1));
        }

        BackfillStatus status = tables.status(namespace);
        assertThat(kills.get()).as("the runs were killed often").isGreaterThan(5);
        assertThat(status.state()).isEqualTo(BackfillState.DONE);
        assertThat(status.counts()).isEqualTo(new BackfillCounts(ITEMS, ITEMS - FAILING.size(), 0, FAILING.size()));
        assertThat(status.failedKeys()).extracting(FailedKey::key).containsExactlyInAnyOrderElementsOf(FAILING);
        for (int i = 0; i < ITEMS; i++) {
            StateRecord record = tables.read(orders, key(i));
            long expected = FAILING.contains(key(i)) ? 1 : 2;
            assertThat(record.version().value()).as("versions of " + key(i)).isEqualTo(expected);
            assertThat(record.schemaVersion()).hasValue(expected);
        }
    }
}
