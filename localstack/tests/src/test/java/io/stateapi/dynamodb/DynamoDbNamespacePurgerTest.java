package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.PurgeReport;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.namespaces.PurgeStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/**
 * Namespace purges against the emulator (ADR 0019), on tables of their own per test, with the
 * time passed in: the purge starts with the catalog's transaction, and each call of the purger
 * is one housekeeping run.
 */
class DynamoDbNamespacePurgerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration PLENTY = Duration.ofMinutes(1);
    private static final Instant AFTER_SETTLE = T0.plus(Housekeeping.SETTLE).plusSeconds(1);

    private final TenantNamespace ours = TenantNamespace.of("tenant-a", "orders");
    private final TenantNamespace theirs = TenantNamespace.of("tenant-b", "orders");
    private DynamoDbClient client;
    private String stateTable;
    private String idempotencyTable;
    private String catalogTable;
    private DynamoDbStateStore store;
    private DynamoDbNamespaceCatalog catalog;

    @BeforeEach
    void freshTables() {
        client = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        String suffix = UUID.randomUUID().toString();
        stateTable = "purge-state-" + suffix;
        idempotencyTable = "purge-idem-" + suffix;
        catalogTable = "purge-catalog-" + suffix;
        ResourceBootstrap.createTable(client, stateTable);
        ResourceBootstrap.createIdempotencyTable(client, idempotencyTable);
        ResourceBootstrap.createCatalogTable(client, catalogTable);
        store = new DynamoDbStateStore(client, stateTable, idempotencyTable,
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION);
        catalog = new DynamoDbNamespaceCatalog(client, catalogTable, stateTable);
    }

    @AfterEach
    void dropTables() {
        for (String table : List.of(stateTable, idempotencyTable, catalogTable)) {
            client.deleteTable(b -> b.tableName(table));
        }
        client.close();
    }

    private DynamoDbNamespacePurger purger(DynamoDbClient using) {
        return new DynamoDbNamespacePurger(using, stateTable, idempotencyTable, catalogTable);
    }

    /** {@code count} keys, one of them written with an idempotency key, one deleted (a tombstone at version 2). */
    private void fill(TenantNamespace namespace, int count) {
        catalog.createIfAbsent(namespace, T0);
        for (int i = 0; i < count; i++) {
            store.put(namespace, Key.of("k/" + i), new JsonDocument("{\"i\":" + i + "}"), null, Precondition.NONE, T0);
        }
        store.put(namespace, Key.of("k/0"), new JsonDocument("0"), null, Precondition.NONE,
                WriteIdentity.idempotent(IdempotencyKey.of("idem-" + namespace.tenant().value()),
                        new RequestFingerprint("f")), T0);
        store.put(namespace, Key.of("gone"), new JsonDocument("1"), null, Precondition.NONE, T0);
        store.delete(namespace, Key.of("gone"), Precondition.NONE, T0);
    }

    private int items(String table, TenantNamespace namespace) {
        return client.query(b -> b.tableName(table).keyConditionExpression("pk = :pk").consistentRead(true)
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(StateItem.partitionKey(namespace)))))
                .count();
    }

    private PurgeStatus status(TenantNamespace namespace) {
        return catalog.purgeStatus(namespace, AFTER_SETTLE).orElseThrow();
    }

    @Test
    void aPurgeRemovesTheNamespacesKeysTombstonesAndIdempotencyRecordsAndThenTheNamespaceOnly() {
        fill(ours, 60);
        fill(theirs, 3);

        assertThat(catalog.startPurge(ours, T0)).contains(PurgeStatus.started(T0));
        assertThat(catalog.find(ours).orElseThrow().status()).isEqualTo(NamespaceStatus.PURGING);
        PurgeReport first = purger(client).advance(T0.plusSeconds(1), PLENTY);

        assertThat(first).isEqualTo(new PurgeReport(60, 0, 1));
        assertThat(items(stateTable, ours)).isZero();
        assertThat(items(idempotencyTable, ours)).isZero();
        assertThat(status(ours).state()).as("waits for the final pass").isEqualTo(PurgeStatus.State.RUNNING);
        assertThat(status(ours).deletedKeys()).isEqualTo(60);

        PurgeReport last = purger(client).advance(AFTER_SETTLE, PLENTY);

        assertThat(last).isEqualTo(new PurgeReport(0, 1, 0));
        assertThat(status(ours)).isEqualTo(new PurgeStatus(PurgeStatus.State.DONE, 60, T0, Optional.of(AFTER_SETTLE)));
        assertThat(catalog.find(ours)).isEmpty();
        assertThat(catalog.versionFloor(ours)).as("the deleted key's tombstone was at version 2").isEqualTo(2);
        assertThat(items(stateTable, theirs)).isEqualTo(4);
        assertThat(items(idempotencyTable, theirs)).isEqualTo(1);
        assertThat(catalog.find(theirs).orElseThrow().status()).isEqualTo(NamespaceStatus.ACTIVE);
        assertThat(catalog.versionFloor(theirs)).isZero();
    }

    @Test
    void aRunThatFailsMidwayIsResumedFromItsLastSavedBatchAndCountsEveryKeyOnce() {
        fill(ours, 3 * DynamoDbNamespacePurger.BATCH);
        catalog.startPurge(ours, T0);
        AtomicInteger batches = new AtomicInteger();
        ExecutionInterceptor crashOnTheFifthBatchWrite = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchWriteItemRequest && batches.incrementAndGet() == 5) {
                    throw SdkClientException.create("the function was stopped");
                }
            }
        };
        try (DynamoDbClient crashing = DynamoDbClients.create(TestStack.emulator().endpoint(),
                List.of(crashOnTheFifthBatchWrite))) {
            assertThatThrownBy(() -> purger(crashing).advance(T0.plusSeconds(1), PLENTY)).isNotNull();
        }
        // Two batches (strip and delete each) were saved, the first holding the tombstone of "gone";
        // the third was stripped, not deleted.
        assertThat(status(ours).deletedKeys()).isEqualTo(2L * DynamoDbNamespacePurger.BATCH - 1);

        purger(client).advance(T0.plusSeconds(2), PLENTY);
        purger(client).advance(AFTER_SETTLE, PLENTY);

        assertThat(status(ours).state()).isEqualTo(PurgeStatus.State.DONE);
        assertThat(status(ours).deletedKeys()).isEqualTo(3L * DynamoDbNamespacePurger.BATCH);
        assertThat(items(stateTable, ours)).isZero();
    }

    @Test
    void twoRunsOfOnePurgeAtOnceCountEveryKeyOnce() {
        fill(ours, 30);
        catalog.startPurge(ours, T0);
        AtomicInteger batchWrites = new AtomicInteger();
        AtomicBoolean otherRan = new AtomicBoolean();
        // Run A has deleted its first batch (strip, then delete) and not saved it yet when run B
        // (the schedule, say) advances the same purge.
        ExecutionInterceptor otherRunAfterTheFirstDelete = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchWriteItemRequest && batchWrites.incrementAndGet() == 2) {
                    purger(client).advance(T0.plusSeconds(1), PLENTY);
                    otherRan.set(true);
                }
            }
        };
        try (DynamoDbClient interrupted = DynamoDbClients.create(TestStack.emulator().endpoint(),
                List.of(otherRunAfterTheFirstDelete))) {
            purger(interrupted).advance(T0.plusSeconds(1), PLENTY);
        }
        assertThat(otherRan).as("run B ran between run A's delete and its save").isTrue();
        purger(client).advance(AFTER_SETTLE, PLENTY);

        assertThat(items(stateTable, ours)).isZero();
        assertThat(status(ours).state()).isEqualTo(PurgeStatus.State.DONE);
        assertThat(status(ours).deletedKeys()).isEqualTo(30);
    }

    @Test
    void aRunThatDiedHoldingThePurgeDelaysItByTheLeaseOnTheWallClockWhateverTheRunsNow() {
        fill(ours, 3);
        catalog.startPurge(ours, T0);
        Instant wall = Instant.parse("2026-12-03T12:00:00Z");
        // A run killed while it held the purge (the function stopped, not an error it caught).
        client.updateItem(b -> b.tableName(catalogTable).key(PurgeItem.key(ours))
                .updateExpression("SET #own = :other, #lease = :until")
                .expressionAttributeNames(Map.of("#own", PurgeItem.LEASE_OWNER, "#lease", PurgeItem.LEASE_UNTIL))
                .expressionAttributeValues(Map.of(":other", AttributeValue.fromS("a-dead-run"),
                        ":until", NamespaceItem.number(wall.plus(PurgeLease.LENGTH).toEpochMilli()))));

        purgerAt(wall.plus(PurgeLease.LENGTH).minusSeconds(1)).advance(AFTER_SETTLE.plus(Duration.ofDays(3)), PLENTY);
        assertThat(items(stateTable, ours)).as("still held, though the run's now is days on").isEqualTo(4);

        purgerAt(wall.plus(PurgeLease.LENGTH).plusSeconds(1)).advance(AFTER_SETTLE, PLENTY);
        assertThat(items(stateTable, ours)).isZero();
        assertThat(status(ours).state()).isEqualTo(PurgeStatus.State.DONE);
        assertThat(status(ours).deletedKeys()).isEqualTo(3);
    }

    private DynamoDbNamespacePurger purgerAt(Instant wall) {
        return new DynamoDbNamespacePurger(client, stateTable, idempotencyTable, catalogTable,
                Clock.fixed(wall, ZoneOffset.UTC));
    }

    @Test
    void aWriteThatLandsBehindTheCursorBeforeEveryInstanceKnowsIsRemovedByTheFinalPass() {
        fill(ours, 5);
        catalog.startPurge(ours, T0);
        purger(client).advance(T0.plusSeconds(1), PLENTY);
        // An api function instance that read the namespace before the purge began still writes.
        store.put(ours, Key.of("a/late"), new JsonDocument("1"), null, Precondition.NONE, T0.plusSeconds(5));

        purger(client).advance(T0.plusSeconds(10), PLENTY);
        assertThat(items(stateTable, ours)).as("not before the settle time").isEqualTo(1);

        purger(client).advance(AFTER_SETTLE, PLENTY);

        assertThat(items(stateTable, ours)).isZero();
        assertThat(status(ours)).satisfies(done -> {
            assertThat(done.state()).isEqualTo(PurgeStatus.State.DONE);
            assertThat(done.deletedKeys()).isEqualTo(6);
        });
    }

    @Test
    void whilePurgingTheNamespaceKeepsItsSettingsCannotBeDeletedOrCreatedAndAnswersTheSamePurgeAgain() {
        catalog.createIfAbsent(ours, T0);
        catalog.startPurge(ours, T0);

        assertThat(catalog.startPurge(ours, T0.plusSeconds(3))).contains(PurgeStatus.started(T0));
        assertThatThrownBy(() -> catalog.putSettings(ours, NamespaceSettings.DEFAULTS, T0.plusSeconds(3)))
                .isInstanceOf(NamespacePurgingException.class);
        assertThat(catalog.deleteIfEmpty(ours, T0.plusSeconds(3)))
                .isEqualTo(io.stateapi.domain.namespaces.NamespaceDeletion.PURGING);
        assertThat(catalog.createIfAbsent(ours, T0.plusSeconds(3)).status()).isEqualTo(NamespaceStatus.PURGING);
    }

    @Test
    void aNamespaceCreatedAgainAfterItsPurgeStartsEveryKeyAboveTheVersionsItHad() {
        fill(ours, 2);
        store.put(ours, Key.of("k/1"), new JsonDocument("7"), null, Precondition.NONE, T0);
        catalog.startPurge(ours, T0);
        purger(client).advance(T0.plusSeconds(1), PLENTY);
        purger(client).advance(AFTER_SETTLE, PLENTY);

        assertThat(catalog.createIfAbsent(ours, AFTER_SETTLE).status()).isEqualTo(NamespaceStatus.ACTIVE);
        long floor = catalog.versionFloor(ours);
        var written = store.put(ours, Key.of("k/1"), new JsonDocument("1"), null, Precondition.NONE,
                WriteIdentity.fresh(), floor, AFTER_SETTLE);

        assertThat(floor).isEqualTo(2);
        assertThat(written.record().version().value()).isEqualTo(3);
    }

    @Test
    void theStatusOfAFinishedPurgeIsKeptForItsRetentionOnly() {
        fill(ours, 1);
        catalog.startPurge(ours, T0);
        purger(client).advance(AFTER_SETTLE, PLENTY);
        purger(client).advance(AFTER_SETTLE, PLENTY);

        Instant gone = AFTER_SETTLE.plus(Housekeeping.FINISHED_PURGE_RETENTION);
        assertThat(catalog.purgeStatus(ours, gone.minusSeconds(1))).isPresent();
        assertThat(catalog.purgeStatus(ours, gone)).isEmpty();
    }
}
