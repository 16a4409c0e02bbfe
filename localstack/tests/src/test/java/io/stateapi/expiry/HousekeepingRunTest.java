package io.stateapi.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.namespaces.PurgeStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.DynamoDbClients;
import io.stateapi.dynamodb.DynamoDbNamespaceCatalog;
import io.stateapi.dynamodb.DynamoDbStateStore;
import io.stateapi.dynamodb.HousekeepingCheckpoints;
import io.stateapi.dynamodb.StateItem;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.SettableClock;
import io.stateapi.local.TestStack;
import io.stateapi.metrics.EmbeddedMetrics;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/**
 * The housekeeping run as the schedule invokes it ({@link ExpirySweepFunction#handleRequest}),
 * on tables of its own and a clock the test moves (ADR 0008, 0019): it sweeps, advances purges
 * and forgets old tombstones, and reports each as a metric; one job failing does not keep the
 * others from their turn.
 */
class HousekeepingRunTest {

    private static final StateApiResources RESOURCES = StateApiResources.forEnvironment("housekeeping");
    private static final TenantNamespace NS = TenantNamespace.of("acme", "carts");
    private static DynamoDbClient client;
    private static DynamoDbStateStore store;
    private static DynamoDbNamespaceCatalog catalog;

    private final SettableClock clock = new SettableClock(Instant.now());
    private final List<String> metrics = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void tables() {
        new ResourceBootstrap(TestStack.emulator().endpoint()).createAll(RESOURCES);
        client = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        store = DynamoDbStateStore.of(client, RESOURCES);
        catalog = DynamoDbNamespaceCatalog.of(client, RESOURCES);
    }

    /**
     * The schedule runs every hour, so its checkpoints keep up with the clock: a run here looks at
     * an hour or two of expiries, not at a day (a first sweep) or a month (after the clock moved),
     * and at the days that hold tombstones. Catching up after an outage is the subject of
     * DynamoDbExpirySweeperTest and DynamoDbTombstonePurgerTest, not of this class.
     */
    @BeforeEach
    void housekeptUpToNow() {
        HousekeepingCheckpoints.sweptUpTo(client, RESOURCES.tableName(), clock.instant());
        HousekeepingCheckpoints.tombstonesPurgedBefore(client, RESOURCES.tableName(), clock.instant());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private ExpirySweepFunction function(ExecutionInterceptor... interceptors) {
        return new ExpirySweepFunction(new ExpirySweepFunction.Configuration(RESOURCES.environment(),
                RESOURCES.tableName(), TestStack.emulator().endpoint(), List.of(interceptors)),
                new EmbeddedMetrics(RESOURCES.environment(), metrics::add, Clock.systemUTC()), clock);
    }

    private Map<String, Object> run(ExecutionInterceptor... interceptors) {
        try (ExpirySweepFunction function = function(interceptors)) {
            return function.handleRequest(Map.of(), null);
        }
    }

    @Test
    void eachRunSweepsAdvancesThePurgesAndForgetsOldTombstonesAndReportsEach() {
        TenantNamespace purged = TenantNamespace.of("acme", "purged-" + clock.instant().toEpochMilli());
        catalog.createIfAbsent(purged, clock.instant());
        store.put(purged, Key.of("a"), new JsonDocument("1"), null, Precondition.NONE, clock.instant());
        store.put(NS, Key.of("gone"), new JsonDocument("1"), null, Precondition.NONE, clock.instant());
        store.delete(NS, Key.of("gone"), Precondition.NONE, clock.instant());
        catalog.startPurge(purged, clock.instant());

        Map<String, Object> first = run();
        assertThat(catalog.purgeStatus(purged, clock.instant()).orElseThrow().deletedKeys()).isEqualTo(1);
        clock.advance(Housekeeping.DEFAULT_TOMBSTONE_RETENTION.plusDays(1));
        HousekeepingCheckpoints.sweptUpTo(client, RESOURCES.tableName(), clock.instant());
        Map<String, Object> second = run();
        clock.advance(Housekeeping.SETTLE.plusSeconds(1));
        Map<String, Object> third = run();

        assertThat((Long) first.get("keysPurged")).isPositive();
        assertThat((Integer) second.get("purgesFinished")).isPositive();
        assertThat(second).containsEntry("tombstonesPurged", 0L);
        assertThat((Integer) second.get("floorsRaised")).isPositive();
        assertThat((Long) third.get("tombstonesPurged")).isPositive();
        assertThat(catalog.purgeStatus(purged, clock.instant()).orElseThrow().state()).isEqualTo(PurgeStatus.State.DONE);
        assertThat(metrics).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("\"KeysPurged\"", "\"TombstonesPurged\"", "\"ExpiredKeysSwept\""));
        assertThat(client.getItem(b -> b.tableName(RESOURCES.tableName()).key(StateItem.key(NS, Key.of("gone")))
                .consistentRead(true)).item()).isEmpty();
    }

    @Test
    void aPurgeThatFailsKeepsNeitherTheSweepNorTheTombstonePurgeFromTheirTurnAndTheRunFails() {
        TenantNamespace purged = TenantNamespace.of("acme", "failing-" + clock.instant().toEpochMilli());
        catalog.createIfAbsent(purged, clock.instant());
        store.put(purged, Key.of("a"), new JsonDocument("1"), null, Precondition.NONE, clock.instant());
        catalog.startPurge(purged, clock.instant());
        Key expiring = Key.of("expiring-" + clock.instant().toEpochMilli());
        store.put(NS, expiring, new JsonDocument("1"), new TimeToLive(1), Precondition.NONE, clock.instant());
        clock.advance(Duration.ofSeconds(2));
        ExecutionInterceptor batchWritesFail = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchWriteItemRequest) {
                    throw SdkClientException.create("the table is unreachable for batches");
                }
            }
        };

        assertThatThrownBy(() -> run(batchWritesFail)).isInstanceOf(RuntimeException.class);

        assertThat(client.getItem(b -> b.tableName(RESOURCES.tableName()).key(StateItem.key(NS, expiring))
                .consistentRead(true)).item()).containsKey(StateItem.TOMBSTONE);
        assertThat(metrics).singleElement().asString().contains("\"ExpiredKeysSwept\"");
        assertThat(catalog.purgeStatus(purged, clock.instant()).orElseThrow().deletedKeys()).isZero();
    }
}
