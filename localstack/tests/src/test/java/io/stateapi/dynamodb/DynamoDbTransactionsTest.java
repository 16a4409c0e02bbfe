package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.exceptions.IdempotencyKeyReusedException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.TransactionConflictException;
import io.stateapi.domain.exceptions.TransactionConflictException.OperationConflict;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.Transaction;
import io.stateapi.domain.transactions.TransactionOperation;
import io.stateapi.domain.transactions.TransactionResult;
import io.stateapi.faults.Faults;
import io.stateapi.faults.Faults.LostAnswer;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The transaction adapter against the emulator (ADR 0028): all or nothing, per-operation reasons
 * from the cancellation, a lost answer recognised by the write token, idempotent outcomes.
 */
class DynamoDbTransactionsTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final TenantId TENANT = TenantId.of(TestStack.TENANT);

    private final TestStack stack = TestStack.shared();
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("txn"));
    private final TenantNamespace other = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("txn"));

    enum Kind { UNCONDITIONAL, IF_VERSION, IF_PRESENT, IF_ABSENT_OF_DELETED }

    @Test
    void everyOperationCommitsAndReportsItsKeysVersion() {
        put(ns, "a", "1");
        put(ns, "gone", "0");
        put(other, "c", "0");

        TransactionResult result = store.transact(TENANT, List.of(
                prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("a"), json("2"), null,
                        Precondition.ifVersion(Version.FIRST))),
                prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("new"), json("3"), null, Precondition.NONE)),
                prepared(ns, new TransactionOperation.Delete(ns.namespace(), Key.of("gone"), Precondition.NONE)),
                prepared(other, new TransactionOperation.Check(other.namespace(), Key.of("c"), Precondition.IF_PRESENT)),
                prepared(other, new TransactionOperation.Check(other.namespace(), Key.of("d"), Precondition.IF_ABSENT))),
                WriteIdentity.fresh(), T0);

        assertThat(versions(result)).containsExactly(2L, 1L, 2L, 1L, null);
        assertThat(value(ns, "a")).isEqualTo("2");
        assertThat(value(ns, "new")).isEqualTo("3");
        assertThat(store.get(ns, Key.of("gone"), ReadConsistency.STRONG, T0)).isEmpty();
    }

    @Test
    void aFailedConditionWritesNothingAndNamesEveryOperationsOutcome() {
        put(ns, "a", "1");
        put(ns, "b", "1");
        put(ns, "b", "2");
        put(ns, "e", "1");

        assertThatThrownBy(() -> store.transact(TENANT, List.of(
                prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("a"), json("9"), null,
                        Precondition.ifVersion(Version.FIRST))),
                prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("b"), json("9"), null,
                        Precondition.ifVersion(Version.FIRST))),
                prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("c"), json("9"), null, Precondition.NONE)),
                prepared(ns, new TransactionOperation.Delete(ns.namespace(), Key.of("absent"), Precondition.NONE)),
                prepared(ns, new TransactionOperation.Check(ns.namespace(), Key.of("e"), Precondition.IF_ABSENT))),
                WriteIdentity.fresh(), T0))
                .isInstanceOfSatisfying(TransactionConflictException.class, e -> assertThat(e.operations()).containsExactly(
                        new OperationConflict(0, ns.namespace(), Key.of("a"), false, Version.FIRST),
                        new OperationConflict(1, ns.namespace(), Key.of("b"), true, Version.of(2)),
                        new OperationConflict(2, ns.namespace(), Key.of("c"), false, null),
                        new OperationConflict(3, ns.namespace(), Key.of("absent"), true, null),
                        new OperationConflict(4, ns.namespace(), Key.of("e"), true, Version.FIRST)));

        assertThat(value(ns, "a")).isEqualTo("1");
        assertThat(value(ns, "b")).isEqualTo("2");
        assertThat(store.get(ns, Key.of("c"), ReadConsistency.STRONG, T0)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTransactionWhoseAnswerIsLostAfterTheCommitReportsThatCommitOnce(Kind kind) {
        put(ns, "a", "0");
        put(ns, "b", "0");
        if (kind == Kind.IF_ABSENT_OF_DELETED) {
            store.delete(ns, Key.of("a"), Precondition.NONE, T0);
        }
        Precondition precondition = switch (kind) {
            case UNCONDITIONAL -> Precondition.NONE;
            case IF_VERSION -> Precondition.ifVersion(Version.FIRST);
            case IF_PRESENT -> Precondition.IF_PRESENT;
            case IF_ABSENT_OF_DELETED -> Precondition.IF_ABSENT;
        };
        long expected = kind == Kind.IF_ABSENT_OF_DELETED ? 3 : 2;
        List<PreparedOperation> operations = List.of(
                prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("a"), json("1"), null, precondition)),
                prepared(ns, new TransactionOperation.Delete(ns.namespace(), Key.of("b"), Precondition.NONE)));

        TransactionResult result = withLostAnswers(lossy -> lossy.transact(TENANT, operations, WriteIdentity.fresh(), T0));

        assertThat(versions(result)).containsExactly(expected, 2L);
        assertThat(result.replayed()).isFalse();
        assertThat(storedVersion(ns, "a")).as("one version per committed operation").isEqualTo(expected);
        assertThat(storedVersion(ns, "b")).isEqualTo(2);
    }

    @Test
    void anIdempotentTransactionWhoseAnswerIsLostReportsItsCommitAndARepeatReplaysIt() {
        put(ns, "a", "0");
        List<PreparedOperation> operations = List.of(
                prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("a"), json("1"), null, Precondition.NONE)));
        WriteIdentity identity = idempotent("t-1", operations);

        TransactionResult first = withLostAnswers(lossy -> lossy.transact(TENANT, operations, identity, T0));
        TransactionResult repeat = store.transact(TENANT, operations, idempotent("t-1", operations), T0.plusSeconds(5));

        assertThat(first.replayed()).isFalse();
        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.operations()).isEqualTo(first.operations());
        assertThat(storedVersion(ns, "a")).isEqualTo(2);
    }

    @Test
    void aConflictUnderAnIdempotencyKeyIsStoredAndReplayedEvenAfterTheConditionWouldHold() {
        List<PreparedOperation> operations = List.of(prepared(ns, new TransactionOperation.Put(ns.namespace(),
                Key.of("a"), json("1"), null, Precondition.ifVersion(Version.FIRST))));
        assertThatThrownBy(() -> store.transact(TENANT, operations, idempotent("t-2", operations), T0))
                .isInstanceOfSatisfying(TransactionConflictException.class, e -> assertThat(e.replayed()).isFalse());
        put(ns, "a", "0");

        assertThatThrownBy(() -> store.transact(TENANT, operations, idempotent("t-2", operations), T0))
                .isInstanceOfSatisfying(TransactionConflictException.class, e -> {
                    assertThat(e.replayed()).isTrue();
                    assertThat(e.operations().getFirst().conditionFailed()).isTrue();
                    assertThat(e.operations().getFirst().current()).isEmpty();
                });
        assertThat(storedVersion(ns, "a")).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyForADifferentTransactionIsRefused() {
        List<PreparedOperation> one = List.of(prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("a"),
                json("1"), null, Precondition.NONE)));
        List<PreparedOperation> another = List.of(prepared(ns, new TransactionOperation.Put(ns.namespace(), Key.of("a"),
                json("2"), null, Precondition.NONE)));
        store.transact(TENANT, one, idempotent("t-3", one), T0);

        assertThatThrownBy(() -> store.transact(TENANT, another, idempotent("t-3", another), T0))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(value(ns, "a")).isEqualTo("1");
    }

    @Test
    void anItemMovedBetweenTheReadAndTheCommitStartsANewRoundNotAConflict() {
        put(ns, "a", "0");
        ExecutionInterceptor racingWriter = new ExecutionInterceptor() {
            private boolean done;

            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (!done && "TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    done = true;
                    store.put(ns, Key.of("a"), json("\"racer\""), null, Precondition.NONE, T0);
                }
            }
        };
        List<PreparedOperation> operations = List.of(prepared(ns, new TransactionOperation.Put(ns.namespace(),
                Key.of("a"), json("1"), null, Precondition.NONE)));

        TransactionResult result;
        try (DynamoDbClient racing = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(racingWriter))) {
            result = DynamoDbStateStore.of(racing, TestStack.RESOURCES).transact(TENANT, operations, WriteIdentity.fresh(), T0);
        }

        assertThat(versions(result)).containsExactly(3L);
        assertThat(value(ns, "a")).isEqualTo("1");
    }

    @Test
    void transactionConflictsThatPersistAre503NeverAConflict() {
        put(ns, "a", "0");
        ExecutionInterceptor collide = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if ("TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    throw TransactionCanceledException.builder().statusCode(400)
                            .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build())
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                                    .errorMessage("injected").build())
                            .message("injected transaction conflict").build();
                }
            }
        };
        List<PreparedOperation> operations = List.of(prepared(ns, new TransactionOperation.Put(ns.namespace(),
                Key.of("a"), json("1"), null, Precondition.ifVersion(Version.FIRST))));

        try (DynamoDbClient colliding = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(collide))) {
            DynamoDbStateStore collidingStore = DynamoDbStateStore.of(colliding, TestStack.RESOURCES);
            assertThatThrownBy(() -> collidingStore.transact(TENANT, operations, WriteIdentity.fresh(), T0))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        assertThat(value(ns, "a")).isEqualTo("0");
    }

    @Test
    void aPutAppliesItsTtlAndAKeyWithoutAnItemStartsAboveTheVersionFloor() {
        TransactionResult result = store.transact(TENANT, List.of(
                new PreparedOperation(new TransactionOperation.Put(ns.namespace(), Key.of("floored"), json("1"), null,
                        Precondition.IF_ABSENT), ns, new TimeToLive(60), 41)), WriteIdentity.fresh(), T0);

        assertThat(versions(result)).containsExactly(42L);
        assertThat(store.get(ns, Key.of("floored"), ReadConsistency.STRONG, T0).orElseThrow().expiresAt())
                .isEqualTo(T0.plusSeconds(60));
    }

    private TransactionResult withLostAnswers(Function<DynamoDbStateStore, TransactionResult> transaction) {
        ExecutionInterceptor lose = Faults.dynamoDbLostAnswers("TransactWriteItems", 1, LostAnswer.CONNECTION_RESET);
        try (DynamoDbClient lossy = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(lose))) {
            return transaction.apply(DynamoDbStateStore.of(lossy, TestStack.RESOURCES));
        }
    }

    private static WriteIdentity idempotent(String key, List<PreparedOperation> operations) {
        return WriteIdentity.idempotent(IdempotencyKey.of(key),
                Transaction.of(operations.stream().map(PreparedOperation::operation).toList()).fingerprint());
    }

    private static PreparedOperation prepared(TenantNamespace namespace, TransactionOperation operation) {
        return new PreparedOperation(operation, namespace, null, 0);
    }

    private void put(TenantNamespace namespace, String key, String json) {
        store.put(namespace, Key.of(key), json(json), null, Precondition.NONE, T0);
    }

    private String value(TenantNamespace namespace, String key) {
        return store.get(namespace, Key.of(key), ReadConsistency.STRONG, T0).orElseThrow().value().json();
    }

    private long storedVersion(TenantNamespace namespace, String key) {
        Map<String, AttributeValue> item = stack.dynamoDb().getItem(b -> b.tableName(stack.tableName())
                .key(StateItem.key(namespace, Key.of(key))).consistentRead(true)).item();
        return Long.parseLong(item.get(StateItem.VERSION).n());
    }

    private static List<Long> versions(TransactionResult result) {
        return result.operations().stream().map(r -> r.currentVersion().map(Version::value).orElse(null)).toList();
    }

    private static JsonDocument json(String text) {
        return new JsonDocument(text);
    }
}
