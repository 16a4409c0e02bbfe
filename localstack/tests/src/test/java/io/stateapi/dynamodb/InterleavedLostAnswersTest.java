package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.transactions.PreparedOperation;
import io.stateapi.domain.transactions.TransactionOperation;
import io.stateapi.domain.transactions.TransactionResult;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.exceptions.OutcomeUnknownException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.TestStack;
import io.stateapi.resources.StateApiResources;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The gap ADR 0007's write token leaves and ADR 0065 closes, against the emulator: a write's
 * first attempt reaches DynamoDB and commits, its answer is lost, and another writer commits to
 * the same key before the write could be sent again, so the item no longer carries its token.
 * The key must change exactly once by that write, and its answer must be its own commit or 503
 * {@code outcome-unknown}: never a second application, never a 412 or 404 for a write that
 * committed.
 */
class InterleavedLostAnswersTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final TestStack stack = TestStack.shared();
    /** The other writer: its own client, which loses nothing. */
    private final DynamoDbStateStore other = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("interleave"));
    private final Key key = Key.of("counters/a");
    private final List<String> recovered = new CopyOnWriteArrayList<>();

    enum Guard { BLIND, IF_MATCH }

    @ParameterizedTest
    @EnumSource(Guard.class)
    void anIncrementIsAppliedOnceWhenAnotherWriterCommitsBetweenItsLostAnswerAndItsRepeat(Guard guard) {
        other.put(ns, key, json("10"), null, Precondition.NONE, T0);
        Precondition precondition = guard == Guard.BLIND ? Precondition.NONE : Precondition.ifVersion(Version.FIRST);

        Object answer = answer(() -> other.increment(ns, key, 100, null, Precondition.NONE, WriteIdentity.fresh(), 0,
                T0), lossy -> lossy.increment(ns, key, 1, null, precondition, WriteIdentity.fresh(), 0, T0));

        assertThat(storedValue()).as("ours (+1) once, the other writer's (+100) once").isEqualTo("111");
        assertThat(storedVersion()).as("one version each").isEqualTo(3);
        assertOwnCommitOrUnknown(answer, 2, "11");
    }

    @ParameterizedTest
    @EnumSource(Guard.class)
    void aPutIsAppliedOnceWhenAnotherWriterCommitsBetweenItsLostAnswerAndItsRepeat(Guard guard) {
        other.put(ns, key, json("0"), null, Precondition.NONE, T0);
        Precondition precondition = guard == Guard.BLIND ? Precondition.NONE : Precondition.ifVersion(Version.FIRST);

        Object answer = answer(() -> other.put(ns, key, json("\"theirs\""), null, Precondition.NONE, T0),
                lossy -> lossy.put(ns, key, json("\"ours\""), null, precondition, T0));

        assertThat(storedValue()).isEqualTo("\"theirs\"");
        assertThat(storedVersion()).as("ours once, then theirs").isEqualTo(3);
        assertOwnCommitOrUnknown(answer, 2, "\"ours\"");
    }

    @ParameterizedTest
    @EnumSource(Guard.class)
    void anExpiryChangeIsAppliedOnceWhenAnotherWriterCommitsBetweenItsLostAnswerAndItsRepeat(Guard guard) {
        other.put(ns, key, json("0"), null, Precondition.NONE, T0);
        Precondition precondition = guard == Guard.BLIND ? Precondition.NONE : Precondition.ifVersion(Version.FIRST);

        Object answer = answer(() -> other.put(ns, key, json("5"), null, Precondition.NONE, T0),
                lossy -> lossy.changeExpiry(ns, key, new TimeToLive(600), precondition, WriteIdentity.fresh(), T0));

        assertThat(storedVersion()).as("ours once, then theirs").isEqualTo(3);
        assertThat(item()).as("theirs cleared the expiry, ours did not set it again")
                .doesNotContainKey(StateItem.EXPIRES_AT);
        assertOwnCommitOrUnknown(answer, 2, "0");
    }

    @ParameterizedTest
    @EnumSource(Guard.class)
    void aDeleteIsAppliedOnceWhenAnotherWriterRecreatesTheKeyBetweenItsLostAnswerAndItsRepeat(Guard guard) {
        other.put(ns, key, json("0"), null, Precondition.NONE, T0);
        Precondition precondition = guard == Guard.BLIND ? Precondition.NONE : Precondition.ifVersion(Version.FIRST);

        Object answer = answer(() -> other.put(ns, key, json("\"again\""), null, Precondition.NONE, T0),
                lossy -> lossy.delete(ns, key, precondition, WriteIdentity.fresh(), T0));

        assertThat(storedVersion()).as("deleted once (2), re-created by the other writer (3)").isEqualTo(3);
        assertThat(other.get(ns, key, ReadConsistency.STRONG, T0)).as("the re-created value stays")
                .hasValueSatisfying(record -> assertThat(record.value()).isEqualTo(json("\"again\"")));
        assertThat(answer).as("our delete committed: unknown, never 404 or 412")
                .satisfiesAnyOf(a -> assertThat(a).isEqualTo(new DeleteResult(Version.of(2), false)),
                        a -> assertThat(a).isInstanceOf(OutcomeUnknownException.class));
    }

    @Test
    void anIdempotentIncrementIsAppliedOnceAndReportsItsOwnCommitThroughItsOutcomeRecord() {
        other.put(ns, key, json("10"), null, Precondition.NONE, T0);
        WriteIdentity identity = WriteIdentity.idempotent(IdempotencyKey.of("inc-1"),
                RequestFingerprint.ofIncrement(key, 1, Precondition.NONE));

        Object answer = answer("TransactWriteItems", () -> other.increment(ns, key, 100, null, Precondition.NONE,
                WriteIdentity.fresh(), 0, T0), lossy -> lossy.increment(ns, key, 1, null, Precondition.NONE, identity,
                0, T0));

        assertThat(storedValue()).isEqualTo("111");
        assertThat(storedVersion()).isEqualTo(3);
        assertThat(answer).isInstanceOfSatisfying(WriteResult.class, result -> {
            assertThat(result.record().value()).isEqualTo(json("11"));
            assertThat(result.record().version()).isEqualTo(Version.of(2));
            assertThat(result.replayed()).as("its own commit").isFalse();
        });
    }

    @ParameterizedTest
    @EnumSource(Guard.class)
    void aTransactionWithoutIdempotencyKeyIsAppliedOnceWhenAnotherWriterCommitsBetweenItsLostAnswerAndItsRepeat(
            Guard guard) {
        other.put(ns, key, json("0"), null, Precondition.NONE, T0);
        Precondition precondition = guard == Guard.BLIND ? Precondition.NONE : Precondition.ifVersion(Version.FIRST);
        List<PreparedOperation> operations = List.of(new PreparedOperation(
                new TransactionOperation.Put(ns.namespace(), key, json("\"ours\""), null, precondition), ns, null, 0));

        Object answer = answer("TransactWriteItems",
                () -> other.put(ns, key, json("\"theirs\""), null, Precondition.NONE, T0),
                lossy -> lossy.transact(TenantId.of(TestStack.TENANT), operations, WriteIdentity.fresh(), T0));

        assertThat(storedValue()).isEqualTo("\"theirs\"");
        assertThat(storedVersion()).as("ours once, then theirs").isEqualTo(3);
        assertThat(answer).as("our own commit, or outcome unknown; never a conflict for a committed transaction")
                .satisfiesAnyOf(a -> assertThat(a).isInstanceOf(TransactionResult.class),
                        a -> assertThat(a).isInstanceOf(OutcomeUnknownException.class));
    }

    @Test
    void anIncrementWhoseAnswerIsLostWithNoOtherWriterReportsExactlyItsCommit() {
        other.put(ns, key, json("10"), null, Precondition.NONE, T0);

        Object answer = answer(() -> { }, lossy -> lossy.increment(ns, key, 1, null, Precondition.NONE,
                WriteIdentity.fresh(), 0, T0));

        assertThat(answer).isInstanceOf(WriteResult.class);
        WriteResult result = (WriteResult) answer;
        assertThat(result.record().value()).isEqualTo(json("11"));
        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(recovered).containsExactly("increment");
    }

    @Test
    void anExpiryChangeWhoseAnswerIsLostWithNoOtherWriterReportsExactlyItsCommit() {
        other.put(ns, key, json("0"), null, Precondition.NONE, T0);

        Object answer = answer(() -> { }, lossy -> lossy.changeExpiry(ns, key, new TimeToLive(600), Precondition.NONE,
                WriteIdentity.fresh(), T0));

        assertThat(answer).isInstanceOf(WriteResult.class);
        assertThat(((WriteResult) answer).record().version()).isEqualTo(Version.of(2));
        assertThat(((WriteResult) answer).record().expiresAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(recovered).containsExactly("changeExpiry");
    }

    @Test
    void aCompareAndSetWhoseFirstAttemptMayHaveBeenLostIsSentAgainAndCommitsOnce() {
        other.put(ns, key, json("0"), null, Precondition.NONE, T0);
        AtomicInteger sent = new AtomicInteger();
        ExecutionInterceptor dropFirstBeforeSending = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (isUpdateItem(attributes) && sent.getAndIncrement() == 0) {
                    // Looks like any I/O failure: the store cannot tell whether it reached DynamoDB.
                    throw SdkClientException.create("injected: broken pipe", new IOException("Broken pipe"));
                }
            }
        };

        WriteResult result = withClient(dropFirstBeforeSending,
                lossy -> lossy.put(ns, key, json("1"), null, Precondition.ifVersion(Version.FIRST), T0));

        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(sent).hasValue(2);
    }

    @Test
    void aCompareAndSetOvertakenByAnotherWriterWhileItsAttemptWasLostIsAConflictNotAnUnknown() {
        other.put(ns, key, json("0"), null, Precondition.NONE, T0);
        AtomicInteger sent = new AtomicInteger();
        ExecutionInterceptor overtakeThenLose = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (isUpdateItem(attributes) && sent.getAndIncrement() == 0) {
                    other.put(ns, key, json("\"theirs\""), null, Precondition.NONE, T0);
                    throw SdkClientException.create("injected: broken pipe", new IOException("Broken pipe"));
                }
            }
        };

        Throwable thrown = catchThrowable(() -> withClient(overtakeThenLose,
                lossy -> lossy.put(ns, key, json("\"ours\""), null, Precondition.ifVersion(Version.FIRST), T0)));

        // Version 2 is another writer's: ours, pinned to version 1, could only have made version 2.
        assertThat(thrown).isInstanceOfSatisfying(VersionConflictException.class,
                e -> assertThat(e.currentVersion()).hasValue(Version.of(2)));
        assertThat(storedValue()).isEqualTo("\"theirs\"");
        assertThat(storedVersion()).isEqualTo(2);
    }

    @Test
    void aBlindIncrementWhoseConnectionWasRefusedIsSentAgainAndCommitsOnce() {
        other.put(ns, key, json("10"), null, Precondition.NONE, T0);
        AtomicInteger sent = new AtomicInteger();
        ExecutionInterceptor refuseFirst = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (isUpdateItem(attributes) && sent.getAndIncrement() == 0) {
                    throw SdkClientException.create("injected: connection refused",
                            new ConnectException("Connection refused"));
                }
            }
        };

        WriteResult result = withClient(refuseFirst,
                lossy -> lossy.increment(ns, key, 1, null, Precondition.NONE, WriteIdentity.fresh(), 0, T0));

        assertThat(result.record().value()).isEqualTo(json("11"));
        assertThat(storedVersion()).isEqualTo(2);
        assertThat(sent).hasValue(2);
    }

    /**
     * What {@code write} answers (a result, or the exception it threw) when its first
     * {@code UpdateItem} commits, {@code otherWriter} then commits to the key, and only then is
     * the first answer lost (as a reset connection).
     */
    private Object answer(Runnable otherWriter, Function<DynamoDbStateStore, ?> write) {
        return answer("UpdateItem", otherWriter, write);
    }

    private Object answer(String operation, Runnable otherWriter, Function<DynamoDbStateStore, ?> write) {
        AtomicInteger seen = new AtomicInteger();
        ExecutionInterceptor interleave = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                        && seen.getAndIncrement() == 0) {
                    otherWriter.run();
                    throw SdkClientException.create("injected: connection reset after the request was sent",
                            new IOException("Connection reset"));
                }
            }
        };
        Object[] answer = new Object[1];
        Throwable thrown = catchThrowable(() -> answer[0] = withClient(interleave, write));
        return thrown != null ? thrown : answer[0];
    }

    private <T> T withClient(ExecutionInterceptor interceptor, Function<DynamoDbStateStore, T> write) {
        try (DynamoDbClient lossy = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(interceptor))) {
            return write.apply(new DynamoDbStateStore(lossy, TestStack.RESOURCES.tableName(),
                    TestStack.RESOURCES.idempotencyTableName(), StateApiResources.IdempotencyTable.DEFAULT_RETENTION,
                    recovered::add));
        }
    }

    private void assertOwnCommitOrUnknown(Object answer, long ownVersion, String ownValue) {
        assertThat(answer).as("our own exact commit, or outcome unknown; never a conflict for a committed write")
                .satisfiesAnyOf(
                        a -> assertThat(a).isInstanceOfSatisfying(WriteResult.class, r -> {
                            assertThat(r.record().version()).isEqualTo(Version.of(ownVersion));
                            assertThat(r.record().value()).isEqualTo(json(ownValue));
                        }),
                        a -> assertThat(a).isInstanceOf(OutcomeUnknownException.class));
    }

    private static boolean isUpdateItem(ExecutionAttributes attributes) {
        return "UpdateItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    private long storedVersion() {
        return Long.parseLong(item().get(StateItem.VERSION).n());
    }

    private String storedValue() {
        return other.get(ns, key, ReadConsistency.STRONG, T0).orElseThrow().value().json();
    }

    private Map<String, AttributeValue> item() {
        return stack.dynamoDb().getItem(b -> b.tableName(stack.tableName())
                .key(StateItem.key(ns, key)).consistentRead(true)).item();
    }

    private static JsonDocument json(String text) {
        return new JsonDocument(text);
    }
}
