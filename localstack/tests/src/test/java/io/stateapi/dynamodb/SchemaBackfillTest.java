package io.stateapi.dynamodb;

import static io.stateapi.dynamodb.BackfillTables.T0;
import static io.stateapi.dynamodb.BackfillTables.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.backfill.BackfillCounts;
import io.stateapi.domain.backfill.BackfillReport;
import io.stateapi.domain.backfill.BackfillRequest;
import io.stateapi.domain.backfill.BackfillState;
import io.stateapi.domain.backfill.BackfillStatus;
import io.stateapi.domain.backfill.FailedKey;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.schemas.MigrationFailedException;
import io.stateapi.domain.schemas.ValueUpgrader;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backfill against the emulator (ADR 0058), on tables of its own, with an in-memory
 * {@link ValueUpgrader} (the transforms are the migrations' other part): each call of the
 * backfiller is one housekeeping run.
 */
class SchemaBackfillTest {

    private static final Duration PLENTY = Duration.ofMinutes(1);
    private static final BackfillRequest FAST = new BackfillRequest(false, 4, 1000);

    private final BackfillTables tables = new BackfillTables();
    private final TenantNamespace orders = TenantNamespace.of("tenant-a", "orders");

    @AfterEach
    void dropTables() {
        tables.close();
    }

    /** {@code {"i": n}} at 1 becomes {@code {"i": n, "v": 2}}; fails on the keys given; calls {@code before} first. */
    static ValueUpgrader toVersion2(Set<Key> failing, Consumer<JsonDocument> before) {
        return (namespace, storedAt, value) -> {
            before.accept(value);
            if (storedAt.equals(OptionalLong.of(2))) {
                return new ValueUpgrader.Upgraded(value, storedAt, false);
            }
            int i = Integer.parseInt(value.json().replaceAll("\\D", ""));
            if (failing.contains(key(i))) {
                throw new MigrationFailedException(1, 2, "i = " + i + " has no place in version 2");
            }
            return new ValueUpgrader.Upgraded(new JsonDocument("{\"i\":" + i + ",\"v\":2}"), OptionalLong.of(2), true);
        };
    }

    private static Set<Key> keys(int... indexes) {
        return IntStream.of(indexes).mapToObj(BackfillTables::key).collect(Collectors.toSet());
    }

    private BackfillStatus runToTheEnd(ValueUpgrader upgrader) {
        for (int run = 0; run < 20 && tables.status(tables.namespaces.find(orders).orElseThrow()).state() == BackfillState.RUNNING; run++) {
            tables.backfiller(tables.client, tables.client, upgrader).advance(T0.plusSeconds(1), PLENTY);
        }
        return tables.status(tables.namespaces.find(orders).orElseThrow());
    }

    @Test
    void everyItemBelowTheActiveVersionIsUpgradedOnceAsANewVersionOfItsKey() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 60);
        tables.start(namespace, FAST);

        BackfillStatus status = runToTheEnd(toVersion2(Set.of(), value -> { }));

        assertThat(status.state()).isEqualTo(BackfillState.DONE);
        assertThat(status.counts()).isEqualTo(new BackfillCounts(60, 60, 0, 0));
        assertThat(status.plannedItems()).hasValue(60);
        for (int i = 0; i < 60; i++) {
            StateRecord record = tables.read(orders, key(i));
            assertThat(record.version().value()).as("one upgrade version of " + key(i)).isEqualTo(2);
            assertThat(record.schemaVersion()).hasValue(2);
            assertThat(record.value().json()).isEqualTo("{\"i\":" + i + ",\"v\":2}");
        }
    }

    @Test
    void aBackfillDoneWithinOneRunReportsItsAverageRateAndNoEstimatedEnd() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 20);
        tables.start(namespace, FAST);

        BackfillStatus status = runToTheEnd(toVersion2(Set.of(), value -> { }));

        assertThat(status.state()).isEqualTo(BackfillState.DONE);
        // Split and ended in the run that began at T0 + 1 s: at least 20 items over the time it took.
        double seconds = java.time.Duration.between(T0.plusSeconds(1), status.finishedAt().orElseThrow()).toMillis() / 1000.0;
        assertThat(seconds).isPositive();
        assertThat(status.rate()).isGreaterThanOrEqualTo(20 / seconds);
        assertThat(status.estimatedEnd()).isEmpty();
    }

    @Test
    void aTransformThatFailsOnSomeItemsReportsExactlyThoseAndLeavesThemReadableAtTheirVersion() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 40);
        Set<Key> failing = keys(3, 17, 18, 39);
        tables.start(namespace, FAST);

        BackfillStatus status = runToTheEnd(toVersion2(failing, value -> { }));

        assertThat(status.counts()).isEqualTo(new BackfillCounts(40, 36, 0, 4));
        assertThat(status.failedKeys()).extracting(FailedKey::key).containsExactlyInAnyOrderElementsOf(failing);
        assertThat(status.failedKeys()).allSatisfy(failed -> {
            assertThat(failed.storedAt()).hasValue(1);
            assertThat(failed.reason()).contains("has no place in version 2");
        });
        for (Key key : failing) {
            StateRecord record = tables.read(orders, key);
            assertThat(record.version().value()).isEqualTo(1);
            assertThat(record.schemaVersion()).hasValue(1);
        }
    }

    @Test
    void aJsonataMigrationWhoseResultBreaksVersion2OnSomeItemsReportsExactlyThoseAndTheRestAreUpgraded() {
        // Items whose i ends in 3 come out without "v": they do not match version 2, so their upgrade fails.
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 30,
                java.util.Optional.of("i % 10 = 3 ? $ : $merge([$, {\"v\": 2}])"));
        tables.start(namespace, FAST);

        BackfillStatus status = runToTheEnd(tables.migrations());

        assertThat(status.counts()).isEqualTo(new BackfillCounts(30, 27, 0, 3));
        assertThat(status.failedKeys()).extracting(FailedKey::key).containsExactlyInAnyOrderElementsOf(keys(3, 13, 23));
        assertThat(tables.read(orders, key(13)).value().json()).isEqualTo("{\"i\":13}");
        assertThat(tables.read(orders, key(13)).schemaVersion()).hasValue(1);
        assertThat(tables.read(orders, key(14)).value().json()).isEqualTo("{\"i\":14,\"v\":2}");
        assertThat(tables.read(orders, key(14)).version().value()).isEqualTo(2);
    }

    @Test
    void aRunReportsTheUpgradesThatFailedForTheMetricAndADryRunReportsNone() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 12);
        tables.start(namespace, new BackfillRequest(true, 2, 1000));
        ValueUpgrader failingTwo = toVersion2(keys(4, 7), value -> { });

        BackfillReport dryRun = tables.backfiller(tables.client, tables.client, failingTwo).advance(T0.plusSeconds(1), PLENTY);
        tables.start(namespace, FAST);
        BackfillReport real = tables.backfiller(tables.client, tables.client, failingTwo).advance(T0.plusSeconds(1), PLENTY);

        assertThat(tables.status(namespace).counts().failed()).isEqualTo(2);
        assertThat(dryRun.failed()).as("a dry run's would-fail items are what it was asked for: no UpgradesFailed").isZero();
        assertThat(real.failed()).as("UpgradesFailed of the housekeeping run").isEqualTo(2);
    }

    @Test
    void aDryRunReportsWhatWouldFailAndWritesNothing() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 30);
        tables.start(namespace, new BackfillRequest(true, 3, 1000));

        BackfillStatus status = runToTheEnd(toVersion2(keys(5, 6), value -> { }));

        assertThat(status.request().dryRun()).isTrue();
        assertThat(status.counts()).isEqualTo(new BackfillCounts(30, 28, 0, 2));
        assertThat(status.failedKeys()).extracting(FailedKey::key).containsExactlyInAnyOrderElementsOf(keys(5, 6));
        for (int i = 0; i < 30; i++) {
            assertThat(tables.read(orders, key(i)).version().value()).isEqualTo(1);
        }
    }

    @Test
    void aConcurrentWriteWinsAndTheItemCountsAsAlreadyCurrent() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 10);
        tables.start(namespace, FAST);
        AtomicBoolean written = new AtomicBoolean();
        Consumer<JsonDocument> userWritesFirst = value -> {
            if (value.json().equals("{\"i\":4}") && written.compareAndSet(false, true)) {
                tables.store.put(orders, key(4), new JsonDocument("{\"i\":444,\"v\":2}"), OptionalLong.of(2), null,
                        Precondition.NONE, WriteIdentity.fresh(), 0, T0);
            }
        };

        BackfillStatus status = runToTheEnd(toVersion2(Set.of(), userWritesFirst));

        assertThat(status.counts()).isEqualTo(new BackfillCounts(10, 9, 1, 0));
        StateRecord record = tables.read(orders, key(4));
        assertThat(record.value().json()).as("the user's write stands").isEqualTo("{\"i\":444,\"v\":2}");
        assertThat(record.version().value()).isEqualTo(2);
    }

    @Test
    void noItemIsReadBeforeEveryInstanceWritesAtTheNewVersion() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 5);
        tables.ledger(tables.client).start(namespace, 2, FAST, T0.plusSeconds(30), T0);

        BackfillReport early = tables.backfiller(tables.client, tables.client, toVersion2(Set.of(), value -> { }))
                .advance(T0.plusSeconds(29), PLENTY);

        assertThat(early).isEqualTo(new BackfillReport(0, 0, 0, 1));
        assertThat(tables.status(namespace).counts()).isEqualTo(BackfillCounts.NONE);
        assertThat(tables.status(namespace).plannedItems()).isEmpty();
    }

    @Test
    void aBackfillWhoseVersionIsNoLongerActiveIsCancelled() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 3);
        tables.start(namespace, FAST);
        tables.schemas.create(namespace, new io.stateapi.domain.schemas.ValueSchema(orders, 3,
                new JsonDocument("true"), T0));

        tables.backfiller(tables.client, tables.client, toVersion2(Set.of(), value -> { })).advance(T0.plusSeconds(1), PLENTY);

        BackfillStatus status = tables.status(namespace);
        assertThat(status.state()).isEqualTo(BackfillState.CANCELLED);
        assertThat(status.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("schema version 3"));
    }

    @Test
    void startingAgainWhileItRunsAnswersTheRunningOne() {
        NamespaceInfo namespace = tables.namespaceAtVersion2(orders, 3);
        BackfillStatus first = tables.start(namespace, FAST);

        var again = tables.ledger(tables.client).start(namespace, 2, new BackfillRequest(false, 1, 5), T0, T0.plusSeconds(5));

        assertThat(again.started()).isFalse();
        assertThat(again.status().request()).isEqualTo(FAST);
        assertThat(again.status().startedAt()).isEqualTo(first.startedAt());
        assertThat(List.of(again.status().state())).containsExactly(BackfillState.RUNNING);
    }
}
