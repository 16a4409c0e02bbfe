package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.IdempotencyKeyInFlightException;
import io.stateapi.domain.exceptions.IdempotencyKeyReusedException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.faults.Faults;
import io.stateapi.faults.Faults.LostAnswer;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exactly-once writes in the adapter (ADR 0007), against the emulator: a write whose answer
 * is lost after it committed, and that the AWS SDK therefore sends again, is reported as the
 * commit it was, with one version; a write sent with an idempotency key replays its outcome.
 */
class ExactlyOnceWritesTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final TestStack stack = TestStack.shared();
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("once"));
    private final Key key = Key.of("orders/7");
    /** The lost answers the store reported recovering (its metrics port, in memory). */
    private final List<String> recovered = new CopyOnWriteArrayList<>();

    enum Kind { NONE, IF_ABSENT, IF_PRESENT, IF_VERSION }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPutWhoseAnswerIsLostAfterTheCommitReportsThatCommitOnce(Kind kind) {
        if (kind != Kind.IF_ABSENT) {
            store.put(ns, key, json("0"), null, Precondition.NONE, T0);
        }
        Precondition precondition = switch (kind) {
            case NONE -> Precondition.NONE;
            case IF_ABSENT -> Precondition.IF_ABSENT;
            case IF_PRESENT -> Precondition.IF_PRESENT;
            case IF_VERSION -> Precondition.ifVersion(Version.FIRST);
        };
        long expected = kind == Kind.IF_ABSENT ? 1 : 2;

        WriteResult result = withLostAnswers("UpdateItem", LostAnswer.CONNECTION_RESET,
                lossy -> lossy.put(ns, key, json("1"), null, precondition, T0.plusSeconds(1)));

        assertThat(result.record().version()).isEqualTo(Version.of(expected));
        assertThat(result.created()).isEqualTo(kind == Kind.IF_ABSENT);
        assertThat(result.replayed()).isFalse();
        assertThat(storedVersion()).as("one version per logical write").isEqualTo(expected);
        assertThat(recovered).containsExactly("put");
    }

    @Test
    void aWriteWhoseAnswerArrivesIsNoRecoveredLostAnswer() {
        // A put sends no GetItem: nothing is lost, only the counting store is used.
        withLostAnswers("GetItem", LostAnswer.CONNECTION_RESET,
                store -> store.put(ns, key, json("1"), null, Precondition.IF_ABSENT, T0));

        assertThat(storedVersion()).isEqualTo(1);
        assertThat(recovered).isEmpty();
    }

    @Test
    void aCompareAndSetWhoseAttemptTimesOutAfterTheCommitReportsThatCommit() {
        store.put(ns, key, json("0"), null, Precondition.NONE, T0);

        WriteResult result = withLostAnswers("UpdateItem", LostAnswer.ATTEMPT_TIMEOUT,
                lossy -> lossy.put(ns, key, json("1"), null, Precondition.ifVersion(Version.FIRST), T0));

        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(storedVersion()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"NONE", "IF_VERSION"})
    void aDeleteWhoseAnswerIsLostAfterTheCommitReportsThatCommitOnce(Kind kind) {
        store.put(ns, key, json("0"), null, Precondition.NONE, T0);
        Precondition precondition = kind == Kind.NONE ? Precondition.NONE : Precondition.ifVersion(Version.FIRST);

        Version deleted = withLostAnswers("UpdateItem", LostAnswer.CONNECTION_RESET,
                lossy -> lossy.delete(ns, key, precondition, T0));

        assertThat(deleted).isEqualTo(Version.of(2));
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0)).isEmpty();
        assertThat(recovered).containsExactly("delete");
    }

    @Test
    void anIdempotentPutWhoseAnswerIsLostReportsItsCommitAndARepeatReplaysIt() {
        store.put(ns, key, json("0"), null, Precondition.NONE, T0);
        WriteIdentity identity = idempotent("k-1", json("1"), Precondition.ifVersion(Version.FIRST));

        WriteResult first = withLostAnswers("TransactWriteItems", LostAnswer.CONNECTION_RESET,
                lossy -> lossy.put(ns, key, json("1"), null, Precondition.ifVersion(Version.FIRST), identity, T0));
        WriteResult repeat = store.put(ns, key, json("1"), null, Precondition.ifVersion(Version.FIRST),
                idempotent("k-1", json("1"), Precondition.ifVersion(Version.FIRST)), T0.plusSeconds(5));

        assertThat(first.record().version()).isEqualTo(Version.of(2));
        assertThat(first.replayed()).as("its own commit, not a replay").isFalse();
        assertThat(recovered).as("the repeat is a replay, not a recovery").containsExactly("put");
        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.record()).isEqualTo(first.record());
        assertThat(repeat.created()).isEqualTo(first.created());
        assertThat(storedVersion()).isEqualTo(2);
    }

    @Test
    void anIdempotentPutReplaysItsOutcomeAfterOtherWritesMovedTheKeyOn() {
        WriteResult first = store.put(ns, key, json("1"), null, Precondition.IF_ABSENT,
                idempotent("create-once", json("1"), Precondition.IF_ABSENT), T0);
        store.put(ns, key, json("2"), null, Precondition.NONE, T0.plusSeconds(1));

        WriteResult repeat = store.put(ns, key, json("1"), null, Precondition.IF_ABSENT,
                idempotent("create-once", json("1"), Precondition.IF_ABSENT), T0.plusSeconds(2));

        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.created()).isTrue();
        assertThat(repeat.record().version()).isEqualTo(first.record().version());
        assertThat(storedVersion()).as("the repeat wrote nothing").isEqualTo(2);
    }

    @Test
    void anIdempotentDeleteWhoseAnswerIsLostIsReplayedNotReportedAsNotFound() {
        store.put(ns, key, json("0"), null, Precondition.NONE, T0);
        WriteIdentity identity = WriteIdentity.idempotent(IdempotencyKey.of("del-1"),
                RequestFingerprint.ofDelete(key, Precondition.NONE));

        DeleteResult first = withLostAnswers("TransactWriteItems", LostAnswer.ATTEMPT_TIMEOUT,
                lossy -> lossy.delete(ns, key, Precondition.NONE, identity, T0));
        DeleteResult repeat = store.delete(ns, key, Precondition.NONE, WriteIdentity.idempotent(
                IdempotencyKey.of("del-1"), RequestFingerprint.ofDelete(key, Precondition.NONE)), T0);

        assertThat(first).isEqualTo(new DeleteResult(Version.of(2), false));
        assertThat(repeat).isEqualTo(new DeleteResult(Version.of(2), true));
        assertThat(storedVersion()).isEqualTo(2);
    }

    @Test
    void theSameIdempotencyKeyForADifferentRequestIsRefusedAndWritesNothing() {
        store.put(ns, key, json("1"), null, Precondition.NONE, idempotent("k-2", json("1"), Precondition.NONE), T0);

        assertThatThrownBy(() -> store.put(ns, key, json("2"), null, Precondition.NONE,
                idempotent("k-2", json("2"), Precondition.NONE), T0))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThatThrownBy(() -> store.delete(ns, key, Precondition.NONE, WriteIdentity.idempotent(
                IdempotencyKey.of("k-2"), RequestFingerprint.ofDelete(key, Precondition.NONE)), T0))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(storedVersion()).isEqualTo(1);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value()).isEqualTo(json("1"));
    }

    @Test
    void aFailedPreconditionStoresNoOutcomeSoTheRequestIsEvaluatedAgain() {
        WriteIdentity createOnly = idempotent("k-3", json("1"), Precondition.ifVersion(Version.FIRST));
        assertThatThrownBy(() -> store.put(ns, key, json("1"), null, Precondition.ifVersion(Version.FIRST),
                createOnly, T0)).isInstanceOf(VersionConflictException.class);
        store.put(ns, key, json("0"), null, Precondition.NONE, T0);

        WriteResult again = store.put(ns, key, json("1"), null, Precondition.ifVersion(Version.FIRST),
                idempotent("k-3", json("1"), Precondition.ifVersion(Version.FIRST)), T0);

        assertThat(again.replayed()).isFalse();
        assertThat(again.record().version()).isEqualTo(Version.of(2));
    }

    @Test
    void anOutcomeIsReplayedForTheRetentionAndNotAfter() {
        store.put(ns, key, json("1"), null, Precondition.NONE, idempotent("k-4", json("1"), Precondition.NONE), T0);

        WriteResult withinRetention = store.put(ns, key, json("1"), null, Precondition.NONE,
                idempotent("k-4", json("1"), Precondition.NONE), T0.plus(Duration.ofHours(23)));
        WriteResult afterRetention = store.put(ns, key, json("1"), null, Precondition.NONE,
                idempotent("k-4", json("1"), Precondition.NONE), T0.plus(Duration.ofHours(24)).plusSeconds(1));

        assertThat(withinRetention.replayed()).isTrue();
        assertThat(afterRetention.replayed()).isFalse();
        assertThat(afterRetention.record().version()).isEqualTo(Version.of(2));
    }

    @Test
    void idempotencyKeysAreScopedToTheNamespace() {
        TenantNamespace other = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("once"));
        store.put(ns, key, json("1"), null, Precondition.NONE, idempotent("shared", json("1"), Precondition.NONE), T0);

        WriteResult elsewhere = store.put(other, key, json("1"), null, Precondition.NONE,
                idempotent("shared", json("1"), Precondition.NONE), T0);

        assertThat(elsewhere.replayed()).isFalse();
        assertThat(elsewhere.created()).isTrue();
    }

    @Test
    void aConcurrentTransactionOnTheSameIdempotencyKeyIsReportedInFlight() {
        ExecutionInterceptor conflict = Faults.dynamoDbTransactionConflictOnFirstItem();
        try (DynamoDbClient conflicted = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(conflict))) {
            DynamoDbStateStore conflictedStore = DynamoDbStateStore.of(conflicted, TestStack.RESOURCES);

            assertThatThrownBy(() -> conflictedStore.put(ns, key, json("1"), null, Precondition.NONE,
                    idempotent("k-5", json("1"), Precondition.NONE), T0))
                    .isInstanceOf(IdempotencyKeyInFlightException.class);
        }
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0)).isEmpty();
    }

    @Test
    void aWriteWhoseValueExpiredAndWasSweptBeforeTheRepeatIsStillReportedAsItsCommit() {
        ExecutionInterceptor sweepThenLose = new ExecutionInterceptor() {
            private boolean done;

            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (done || !"UpdateItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    return;
                }
                done = true;
                // What the expiry sweeper does to the committed value, before the SDK sends the write again.
                stack.dynamoDb().updateItem(b -> b.tableName(stack.tableName()).key(StateItem.key(ns, key))
                        .updateExpression("SET #tomb = :true, #expd = #exp REMOVE #val")
                        .expressionAttributeNames(Map.of("#tomb", StateItem.TOMBSTONE, "#expd", StateItem.EXPIRED_AT,
                                "#exp", StateItem.EXPIRES_AT, "#val", StateItem.VALUE))
                        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
                throw SdkClientException.create("injected: connection reset", new java.io.IOException("reset"));
            }
        };
        WriteResult result;
        try (DynamoDbClient lossy = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(sweepThenLose))) {
            result = DynamoDbStateStore.of(lossy, TestStack.RESOURCES)
                    .put(ns, key, json("\"short-lived\""), new TimeToLive(1), Precondition.IF_ABSENT, T0);
        }

        assertThat(result.created()).isTrue();
        assertThat(result.record().version()).isEqualTo(Version.FIRST);
        assertThat(result.record().value()).isEqualTo(json("\"short-lived\""));
        assertThat(storedVersion()).isEqualTo(1);
    }

    @Test
    void everyWriteLeavesItsTokenOnTheItem() {
        WriteIdentity identity = WriteIdentity.fresh();
        store.put(ns, key, json("1"), null, Precondition.NONE, identity, T0);

        assertThat(item()).containsEntry(StateItem.WRITE_TOKEN, AttributeValue.fromS(identity.token().value()));
    }

    private <T> T withLostAnswers(String operation, LostAnswer how, Function<DynamoDbStateStore, T> write) {
        ExecutionInterceptor lose = Faults.dynamoDbLostAnswers(operation, 1, how);
        try (DynamoDbClient lossy = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(lose))) {
            return write.apply(new DynamoDbStateStore(lossy, TestStack.RESOURCES.tableName(),
                    TestStack.RESOURCES.idempotencyTableName(), StateApiResources.IdempotencyTable.DEFAULT_RETENTION,
                    recovered::add));
        }
    }

    private WriteIdentity idempotent(String idempotencyKey, JsonDocument value, Precondition precondition) {
        return WriteIdentity.idempotent(IdempotencyKey.of(idempotencyKey),
                RequestFingerprint.ofPut(key, value, null, precondition));
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
