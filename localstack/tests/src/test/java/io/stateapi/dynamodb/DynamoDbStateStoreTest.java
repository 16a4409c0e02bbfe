package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.stateapi.faults.Faults;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB adapter against the emulator. Time is passed in, so expiry needs no waiting. */
class DynamoDbStateStoreTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final TestStack stack = TestStack.shared();
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("adapter"));
    private final Key key = Key.of("users/42/cart");

    private static JsonDocument json(String text) {
        return new JsonDocument(text);
    }

    @Test
    void createThenReadBack() {
        WriteResult created = store.put(ns, key, json("{\"a\":1}"), null, Precondition.NONE, T0);

        assertThat(created.created()).isTrue();
        assertThat(created.record().version()).isEqualTo(Version.FIRST);
        StateRecord read = store.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow();
        assertThat(read).isEqualTo(created.record());
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.expiry()).isEmpty();
    }

    @Test
    void everyWriteRaisesTheVersionByOneAndKeepsCreatedAt() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);
        WriteResult second = store.put(ns, key, json("2"), null, Precondition.NONE, T0.plusSeconds(1));

        assertThat(second.created()).isFalse();
        assertThat(second.record().version()).isEqualTo(Version.of(2));
        assertThat(second.record().createdAt()).isEqualTo(T0);
        assertThat(second.record().updatedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void compareAndSetCommitsOnlyAtTheExpectedVersion() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);
        store.put(ns, key, json("2"), null, Precondition.ifVersion(Version.of(1)), T0);

        assertThatThrownBy(() -> store.put(ns, key, json("3"), null, Precondition.ifVersion(Version.of(1)), T0))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(json("2"));
    }

    @Test
    void compareAndSetOnAnAbsentKeyReportsNoCurrentVersion() {
        assertThatThrownBy(() -> store.put(ns, key, json("1"), null, Precondition.ifVersion(Version.of(1)), T0))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).isEmpty());
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0)).isEmpty();
    }

    @Test
    void createOnlyFailsWhenTheKeyExists() {
        store.put(ns, key, json("1"), null, Precondition.IF_ABSENT, T0);

        assertThatThrownBy(() -> store.put(ns, key, json("2"), null, Precondition.IF_ABSENT, T0))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.FIRST));
    }

    @Test
    void ifPresentFailsWhenTheKeyIsAbsent() {
        assertThatThrownBy(() -> store.put(ns, key, json("1"), null, Precondition.IF_PRESENT, T0))
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void deleteKeepsCountingVersionsSoAStaleTagCannotMatchTheNextIncarnation() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);               // v1
        store.put(ns, key, json("2"), null, Precondition.NONE, T0);               // v2
        Version deleted = store.delete(ns, key, Precondition.NONE, T0);          // v3 (tombstone)
        assertThat(deleted).isEqualTo(Version.of(3));
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0)).isEmpty();

        WriteResult recreated = store.put(ns, key, json("new"), null, Precondition.IF_ABSENT, T0.plusSeconds(5));
        assertThat(recreated.created()).isTrue();
        assertThat(recreated.record().version()).isEqualTo(Version.of(4));
        assertThat(recreated.record().createdAt()).isEqualTo(T0.plusSeconds(5));

        // A client that read v2 before the delete must not overwrite the new incarnation.
        assertThatThrownBy(() -> store.put(ns, key, json("stale"), null, Precondition.ifVersion(Version.of(2)), T0))
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void deleteOfAnAbsentKeyIsNotFound() {
        assertThatThrownBy(() -> store.delete(ns, key, Precondition.NONE, T0)).isInstanceOf(KeyNotFoundException.class);
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);
        store.delete(ns, key, Precondition.NONE, T0);
        assertThatThrownBy(() -> store.delete(ns, key, Precondition.NONE, T0)).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void conditionalDeleteChecksTheVersion() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);
        store.put(ns, key, json("2"), null, Precondition.NONE, T0);

        assertThatThrownBy(() -> store.delete(ns, key, Precondition.ifVersion(Version.of(1)), T0))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
        assertThat(store.delete(ns, key, Precondition.ifVersion(Version.of(2)), T0)).isEqualTo(Version.of(3));
    }

    @Test
    void anExpiredKeyReadsAsAbsentAndCanBeCreatedAgainBeforeTheSweeperRuns() {
        WriteResult written = store.put(ns, key, json("1"), new TimeToLive(60), Precondition.NONE, T0);
        assertThat(written.record().expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(59))).isPresent();
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(60))).isEmpty();

        // The item is still in the table (no sweeper has run), yet create-only succeeds.
        WriteResult recreated = store.put(ns, key, json("2"), null, Precondition.IF_ABSENT, T0.plusSeconds(61));
        assertThat(recreated.created()).isTrue();
        assertThat(recreated.record().version()).isEqualTo(Version.of(2));
        assertThat(recreated.record().expiry()).isEmpty();
        assertThat(recreated.record().createdAt()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void compareAndSetOnAnExpiredKeyFailsAsAbsent() {
        store.put(ns, key, json("1"), new TimeToLive(1), Precondition.NONE, T0);

        assertThatThrownBy(() -> store.put(ns, key, json("2"), null, Precondition.ifVersion(Version.FIRST), T0.plusSeconds(2)))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).isEmpty());
    }

    @Test
    void lastWriteWinsOverAnExpiredKeyCreatesItAgain() {
        store.put(ns, key, json("1"), new TimeToLive(1), Precondition.NONE, T0);

        WriteResult result = store.put(ns, key, json("2"), null, Precondition.NONE, T0.plusSeconds(2));
        assertThat(result.created()).isTrue();
        assertThat(result.record().version()).isEqualTo(Version.of(2));
    }

    @Test
    void aWriteWithoutTtlClearsAnEarlierTtl() {
        store.put(ns, key, json("1"), new TimeToLive(60), Precondition.NONE, T0);
        WriteResult result = store.put(ns, key, json("2"), null, Precondition.NONE, T0);
        assertThat(result.record().expiry()).isEmpty();
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(3600))).isPresent();
    }

    @Test
    void eventuallyConsistentReadsFindWrittenKeys() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);
        assertThat(store.get(ns, key, ReadConsistency.EVENTUAL, T0)).isPresent();
    }

    @Test
    void storesTheItemLayoutOfAdr0002() {
        store.put(ns, key, json("{\"a\":1}"), new TimeToLive(10), Precondition.NONE, T0);
        Map<String, AttributeValue> item = stack.dynamoDb().getItem(b -> b.tableName(stack.tableName())
                .key(StateItem.key(ns, key)).consistentRead(true)).item();

        assertThat(item).containsEntry("pk", AttributeValue.fromS(StateItem.partitionKey(ns)))
                .containsEntry("sk", AttributeValue.fromS(key.value()))
                .containsEntry("version", AttributeValue.fromN("1"))
                .containsEntry("value", AttributeValue.fromS("{\"a\":1}"))
                .containsEntry("expiresAt", AttributeValue.fromN(Long.toString(T0.getEpochSecond() + 10)))
                .containsEntry("itemFormat", AttributeValue.fromN("1"));
    }

    @Test
    void throttlingThatOutlastsTheSdkRetriesIsReportedAsUnavailable() {
        ExecutionInterceptor throttle = Faults.dynamoDbThrottling("ThrottlingException");
        try (DynamoDbClient throttled = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(throttle))) {
            DynamoDbStateStore throttledStore = DynamoDbStateStore.of(throttled, TestStack.RESOURCES);

            assertThatThrownBy(() -> throttledStore.put(ns, key, json("1"), null, Precondition.NONE, T0))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0)).isEmpty();
    }
}
