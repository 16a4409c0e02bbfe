package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.TombstonePurgeReport;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.ResourceBootstrap;
import io.stateapi.local.TestStack;
import io.stateapi.resources.Housekeeping;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tombstone purge against the emulator (ADR 0003, 0019), tables of its own per test, time
 * passed in: a tombstone older than the retention goes only after its name's version floor was
 * raised to its version and the settle time has passed, so the key created again continues above it.
 */
class DynamoDbTombstonePurgerTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration RETENTION = Housekeeping.DEFAULT_TOMBSTONE_RETENTION;
    private static final Duration PLENTY = Duration.ofMinutes(1);
    /** A whole day after the retention of a tombstone written at T0. */
    private static final Instant LATER = T0.plus(RETENTION).plus(Duration.ofDays(1));
    private static final Instant SETTLED = LATER.plus(Housekeeping.SETTLE).plusSeconds(1);

    private final TenantNamespace ns = TenantNamespace.of("tenant-a", "carts");
    private final Key key = Key.of("carts/c-1");
    private DynamoDbClient client;
    private String stateTable;
    private String catalogTable;
    private DynamoDbStateStore store;
    private DynamoDbNamespaceCatalog catalog;
    private DynamoDbTombstonePurger purger;

    @BeforeEach
    void freshTables() {
        client = DynamoDbClients.create(TestStack.emulator().endpoint(), List.of());
        String suffix = UUID.randomUUID().toString();
        stateTable = "tomb-state-" + suffix;
        catalogTable = "tomb-catalog-" + suffix;
        ResourceBootstrap.createTable(client, stateTable);
        ResourceBootstrap.createCatalogTable(client, catalogTable);
        store = new DynamoDbStateStore(client, stateTable, TestStack.RESOURCES.idempotencyTableName(),
                StateApiResources.IdempotencyTable.DEFAULT_RETENTION);
        catalog = new DynamoDbNamespaceCatalog(client, catalogTable, stateTable);
        purger = new DynamoDbTombstonePurger(client, stateTable, catalogTable, RETENTION);
        catalog.createIfAbsent(ns, T0);
    }

    @AfterEach
    void dropTables() {
        client.deleteTable(b -> b.tableName(stateTable));
        client.deleteTable(b -> b.tableName(catalogTable));
        client.close();
    }

    private Map<String, AttributeValue> item(Key k) {
        return client.getItem(b -> b.tableName(stateTable).key(StateItem.key(ns, k)).consistentRead(true)).item();
    }

    /** A key written twice and deleted at T0: a tombstone at version 3. */
    private void tombstoneAtVersion3(Key k) {
        store.put(ns, k, new JsonDocument("1"), null, Precondition.NONE, T0);
        store.put(ns, k, new JsonDocument("2"), null, Precondition.NONE, T0);
        store.delete(ns, k, Precondition.NONE, T0);
    }

    @Test
    void deletesSweepsAndCreatesKeepTheTombstoneIndexToTombstones() {
        tombstoneAtVersion3(key);
        store.put(ns, Key.of("expiring"), new JsonDocument("1"), new TimeToLive(1), Precondition.NONE, T0);
        new DynamoDbExpirySweeper(client, stateTable).sweep(T0.plusSeconds(2), PLENTY);

        assertThat(item(key).get(StateItem.TOMBSTONE_BUCKET).s()).startsWith("2026-06-01#");
        assertThat(item(Key.of("expiring")).get(StateItem.TOMBSTONE_BUCKET).s()).startsWith("2026-06-01#");
        store.put(ns, key, new JsonDocument("3"), null, Precondition.NONE, T0);
        assertThat(item(key)).doesNotContainKey(StateItem.TOMBSTONE_BUCKET);
    }

    @Test
    void anOldTombstoneGoesOnlyAfterTheFloorIsRaisedAndSettledAndTheKeyThenContinuesAboveIt() {
        tombstoneAtVersion3(key);

        TombstonePurgeReport raised = purger.purge(LATER, PLENTY);

        assertThat(raised).isEqualTo(new TombstonePurgeReport(0, 1, false));
        assertThat(catalog.versionFloor(ns)).isEqualTo(3);
        assertThat(item(key)).as("kept until every instance knows the floor").containsKey(StateItem.VERSION);
        assertThat(purger.purge(LATER.plusSeconds(10), PLENTY).purged()).isZero();

        TombstonePurgeReport purged = purger.purge(SETTLED, PLENTY);

        assertThat(purged).isEqualTo(new TombstonePurgeReport(1, 0, true));
        assertThat(item(key)).isEmpty();
        var created = store.put(ns, key, new JsonDocument("4"), null, Precondition.NONE, WriteIdentity.fresh(),
                catalog.versionFloor(ns), SETTLED);
        assertThat(created.record().version().value()).isEqualTo(4);
    }

    @Test
    void tombstonesOfSeveralDaysAreRaisedInOneRunAndGoInTheNext() {
        TenantNamespace other = TenantNamespace.of("tenant-b", "carts");
        tombstoneAtVersion3(key);
        store.put(other, key, new JsonDocument("1"), null, Precondition.NONE, T0.plus(Duration.ofDays(2)));
        store.delete(other, key, Precondition.NONE, T0.plus(Duration.ofDays(2)));
        Instant later = LATER.plus(Duration.ofDays(2));

        assertThat(purger.purge(later, PLENTY).floorsRaised()).isEqualTo(2);
        TombstonePurgeReport purged = purger.purge(later.plus(Housekeeping.SETTLE).plusSeconds(1), PLENTY);

        assertThat(purged).isEqualTo(new TombstonePurgeReport(2, 0, true));
        assertThat(catalog.versionFloor(other)).isEqualTo(2);
    }

    @Test
    void aTombstoneYoungerThanTheRetentionStays() {
        tombstoneAtVersion3(key);

        TombstonePurgeReport report = purger.purge(T0.plus(RETENTION).minusSeconds(60), PLENTY);

        assertThat(report).isEqualTo(new TombstonePurgeReport(0, 0, true));
        assertThat(catalog.versionFloor(ns)).isZero();
        assertThat(item(key)).containsKey(StateItem.VERSION);
    }

    @Test
    void aKeyCreatedAgainAfterTheFloorWasRaisedIsNotPurged() {
        tombstoneAtVersion3(key);
        purger.purge(LATER, PLENTY);
        store.put(ns, key, new JsonDocument("\"back\""), null, Precondition.NONE, LATER.plusSeconds(1));

        purger.purge(SETTLED, PLENTY);

        assertThat(item(key).get(StateItem.VERSION).n()).isEqualTo("4");
        assertThat(item(key).get(StateItem.VALUE).s()).isEqualTo("\"back\"");
    }

    @Test
    void aDeletedNamespacesTombstonesGoTooAndTheNameCreatedAgainStartsAboveThem() {
        tombstoneAtVersion3(key);
        catalog.deleteIfEmpty(ns, T0);
        purger.purge(LATER, PLENTY);
        purger.purge(SETTLED, PLENTY);
        assertThat(item(key)).isEmpty();

        catalog.createIfAbsent(ns, SETTLED);

        assertThat(catalog.versionFloor(ns)).isEqualTo(3);
    }
}
