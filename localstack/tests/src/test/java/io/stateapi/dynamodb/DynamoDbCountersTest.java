package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.ExactInteger;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.CounterOverflowException;
import io.stateapi.domain.exceptions.IdempotencyKeyReusedException;
import io.stateapi.domain.exceptions.NotANumberException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.faults.Faults;
import io.stateapi.faults.Faults.LostAnswer;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Atomic counters in the DynamoDB adapter (ADR 0034), against the emulator. Time is passed in. */
class DynamoDbCountersTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final TestStack stack = TestStack.shared();
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("counters"));
    private final Key key = Key.of("hits/home");
    /** The lost answers the store reported recovering (its metrics port, in memory). */
    private final List<String> recovered = new CopyOnWriteArrayList<>();

    @Test
    void anIncrementOfAMissingKeyCreatesItFromZero() {
        WriteResult result = increment(5, Precondition.NONE, T0);

        assertThat(result.created()).isTrue();
        assertThat(result.record().value()).isEqualTo(json("5"));
        assertThat(result.record().version()).isEqualTo(Version.FIRST);
        assertThat(item()).containsEntry(StateItem.NUMBER_VALUE, AttributeValue.fromN("5")).doesNotContainKey(StateItem.VALUE);
    }

    @Test
    void anIncrementAddsMakesOneVersionAndKeepsTheExpiryAndCreation() {
        store.put(ns, key, json("40"), new TimeToLive(600), Precondition.NONE, T0);

        WriteResult result = increment(2, Precondition.NONE, T0.plusSeconds(1));

        assertThat(result.created()).isFalse();
        assertThat(result.record().value()).isEqualTo(json("42"));
        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(result.record().createdAt()).isEqualTo(T0);
        assertThat(result.record().updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(result.record().expiresAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(1)).orElseThrow())
                .isEqualTo(result.record());
    }

    @Test
    void aNegativeDeltaDecrementsBelowZero() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);

        assertThat(increment(-3, Precondition.NONE, T0).record().value()).isEqualTo(json("-2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-7", "9007199254740991", "-9007199254740991"})
    void anIntegerWrittenByPutIsStoredAsANumberAndReadBackExactly(String integer) {
        store.put(ns, key, json(integer), null, Precondition.NONE, T0);

        assertThat(item()).containsKey(StateItem.NUMBER_VALUE).doesNotContainKey(StateItem.VALUE);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(json(integer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1E+3", "-0", "9007199254740992", "-9007199254740992", "123456789012345678901234567890",
            "\"7\"", "{\"n\":1}", "[1]", "true", "null"})
    void otherValuesStayTextAndAnIncrementOfThemIsRefusedWithoutWriting(String value) {
        store.put(ns, key, json(value), null, Precondition.NONE, T0);
        assertThat(item()).containsEntry(StateItem.VALUE, AttributeValue.fromS(value)).doesNotContainKey(StateItem.NUMBER_VALUE);

        assertThatThrownBy(() -> increment(1, Precondition.NONE, T0))
                .isInstanceOfSatisfying(NotANumberException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.FIRST));
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(json(value));
        assertThat(storedVersion()).isEqualTo(1);
    }

    @Test
    void anIntegerOverwrittenByTextLeavesNoNumberBehindAndBack() {
        store.put(ns, key, json("3"), null, Precondition.NONE, T0);
        store.put(ns, key, json("\"three\""), null, Precondition.NONE, T0);
        assertThat(item()).containsKey(StateItem.VALUE).doesNotContainKey(StateItem.NUMBER_VALUE);

        store.put(ns, key, json("4"), null, Precondition.NONE, T0);

        assertThat(item()).containsKey(StateItem.NUMBER_VALUE).doesNotContainKey(StateItem.VALUE);
        assertThat(increment(1, Precondition.NONE, T0).record().value()).isEqualTo(json("5"));
    }

    @Test
    void anIncrementBeyondTheExactRangeIsRefusedAndWritesNothing() {
        store.put(ns, key, json(Long.toString(ExactInteger.MAX - 1)), null, Precondition.NONE, T0);

        assertThat(increment(1, Precondition.NONE, T0).record().value()).isEqualTo(json("9007199254740991"));
        assertThatThrownBy(() -> increment(1, Precondition.NONE, T0))
                .isInstanceOfSatisfying(CounterOverflowException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(json("9007199254740991"));
    }

    @Test
    void aDecrementBeyondTheExactRangeIsRefusedToo() {
        store.put(ns, key, json("-9007199254740990"), null, Precondition.NONE, T0);

        assertThatThrownBy(() -> increment(-2, Precondition.NONE, T0)).isInstanceOf(CounterOverflowException.class);
        assertThat(storedVersion()).isEqualTo(1);
    }

    @Test
    void withIfMatchTheIncrementCommitsOnlyAtThatVersion() {
        store.put(ns, key, json("10"), null, Precondition.NONE, T0);

        assertThat(increment(1, Precondition.ifVersion(Version.FIRST), T0).record().version()).isEqualTo(Version.of(2));
        assertThatThrownBy(() -> increment(1, Precondition.ifVersion(Version.FIRST), T0))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
        assertThatThrownBy(() -> store.increment(ns, Key.of("absent"), 1, null, Precondition.ifVersion(Version.FIRST),
                WriteIdentity.fresh(), 0, T0)).isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> store.increment(ns, Key.of("absent"), 1, null, Precondition.IF_PRESENT,
                WriteIdentity.fresh(), 0, T0)).isInstanceOf(VersionConflictException.class);
        assertThat(storedVersion()).isEqualTo(2);
    }

    @Test
    void anIncrementOfADeletedKeyStartsFromZeroAndContinuesItsVersions() {
        store.put(ns, key, json("10"), null, Precondition.NONE, T0);
        store.delete(ns, key, Precondition.NONE, T0);

        WriteResult result = increment(3, Precondition.NONE, T0);

        assertThat(result.created()).isTrue();
        assertThat(result.record().value()).isEqualTo(json("3"));
        assertThat(result.record().version()).isEqualTo(Version.of(3));
        assertThat(item()).doesNotContainKeys(StateItem.TOMBSTONE, StateItem.TOMBSTONE_BUCKET);
    }

    @Test
    void anIncrementOfAnExpiredValueStartsFromZeroWithTheTtlForCreates() {
        store.put(ns, key, json("10"), new TimeToLive(5), Precondition.NONE, T0);

        WriteResult result = store.increment(ns, key, 1, new TimeToLive(60), Precondition.NONE, WriteIdentity.fresh(),
                0, T0.plusSeconds(10));

        assertThat(result.created()).isTrue();
        assertThat(result.record().value()).isEqualTo(json("1"));
        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(result.record().expiresAt()).isEqualTo(T0.plusSeconds(70));
    }

    @Test
    void aKeyCreatedByAnIncrementStartsAboveTheVersionFloor() {
        WriteResult result = store.increment(ns, key, 1, null, Precondition.NONE, WriteIdentity.fresh(), 41, T0);

        assertThat(result.record().version()).isEqualTo(Version.of(42));
    }

    @Test
    void anIncrementWhoseAnswerIsLostAfterTheCommitIsAppliedOnce() {
        store.put(ns, key, json("10"), null, Precondition.NONE, T0);

        WriteResult result = withLostAnswers(lossy -> lossy.increment(ns, key, 5, null, Precondition.NONE,
                WriteIdentity.fresh(), 0, T0));

        assertThat(result.record().value()).isEqualTo(json("15"));
        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(item().get(StateItem.NUMBER_VALUE).n()).isEqualTo("15");
        assertThat(recovered).containsExactly("increment");
    }

    @Test
    void aCreatingIncrementWhoseAnswerIsLostIsAppliedOnce() {
        WriteResult result = withLostAnswers(lossy -> lossy.increment(ns, key, 5, null, Precondition.NONE,
                WriteIdentity.fresh(), 0, T0));

        assertThat(result.created()).isTrue();
        assertThat(result.record().value()).isEqualTo(json("5"));
        assertThat(storedVersion()).isEqualTo(1);
    }

    @Test
    void anIdempotentIncrementIsReplayedWithItsValueAfterOtherIncrements() {
        store.put(ns, key, json("10"), null, Precondition.NONE, T0);
        WriteResult first = store.increment(ns, key, 5, null, Precondition.NONE, idempotent("inc-1", 5), 0, T0);
        increment(100, Precondition.NONE, T0);

        WriteResult repeat = store.increment(ns, key, 5, null, Precondition.NONE, idempotent("inc-1", 5), 0,
                T0.plusSeconds(1));

        assertThat(first.record().value()).isEqualTo(json("15"));
        assertThat(first.replayed()).isFalse();
        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.record()).isEqualTo(first.record());
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(json("115"));
        assertThatThrownBy(() -> store.increment(ns, key, 6, null, Precondition.NONE, idempotent("inc-1", 6), 0, T0))
                .isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void anIdempotentIncrementRefusesWhatThePlainOneRefuses() {
        store.put(ns, key, json("\"text\""), null, Precondition.NONE, T0);
        assertThatThrownBy(() -> store.increment(ns, key, 1, null, Precondition.NONE, idempotent("inc-2", 1), 0, T0))
                .isInstanceOf(NotANumberException.class);
        store.put(ns, key, json("9007199254740991"), null, Precondition.NONE, T0);
        assertThatThrownBy(() -> store.increment(ns, key, 1, null, Precondition.NONE, idempotent("inc-3", 1), 0, T0))
                .isInstanceOf(CounterOverflowException.class);

        WriteResult created = store.increment(ns, Key.of("fresh"), 7, null, Precondition.NONE, idempotent("inc-4", 7),
                0, T0);
        assertThat(created.created()).isTrue();
        assertThat(created.record().value()).isEqualTo(json("7"));
        assertThat(storedVersion()).isEqualTo(2);
    }

    private WriteResult increment(long delta, Precondition precondition, Instant now) {
        return store.increment(ns, key, delta, null, precondition, WriteIdentity.fresh(), 0, now);
    }

    private WriteIdentity idempotent(String idempotencyKey, long delta) {
        return WriteIdentity.idempotent(IdempotencyKey.of(idempotencyKey),
                RequestFingerprint.ofIncrement(key, delta, Precondition.NONE));
    }

    private <T> T withLostAnswers(Function<DynamoDbStateStore, T> write) {
        ExecutionInterceptor lose = Faults.dynamoDbLostAnswers("UpdateItem", 1, LostAnswer.CONNECTION_RESET);
        try (DynamoDbClient lossy = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(lose))) {
            return write.apply(new DynamoDbStateStore(lossy, TestStack.RESOURCES.tableName(),
                    TestStack.RESOURCES.idempotencyTableName(), StateApiResources.IdempotencyTable.DEFAULT_RETENTION,
                    recovered::add));
        }
    }

    private long storedVersion() {
        return Long.parseLong(item().get(StateItem.VERSION).n());
    }

    private Map<String, AttributeValue> item() {
        return stack.dynamoDb().getItem(b -> b.tableName(stack.tableName())
                .key(StateItem.key(ns, key)).consistentRead(true)).item();
    }

    private static JsonDocument json(String text) {
        return new JsonDocument(text);
    }

}
