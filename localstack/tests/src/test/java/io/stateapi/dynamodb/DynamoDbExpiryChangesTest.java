package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.faults.Faults;
import io.stateapi.faults.Faults.LostAnswer;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** TTL changes without rewriting the value in the DynamoDB adapter (ADR 0034), against the emulator. */
class DynamoDbExpiryChangesTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);

    private final TestStack stack = TestStack.shared();
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("expiry"));
    private final Key key = Key.of("sessions/s-1");

    @ParameterizedTest
    @ValueSource(strings = {"{\"user\":\"ana\"}", "17"})
    void extendingMakesOneVersionAndLeavesTheValue(String value) {
        store.put(ns, key, json(value), new TimeToLive(60), Precondition.NONE, T0);

        WriteResult result = change(new TimeToLive(3600), Precondition.NONE, T1);

        assertThat(result.created()).isFalse();
        assertThat(result.record().value()).isEqualTo(json(value));
        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(result.record().expiresAt()).isEqualTo(T1.plusSeconds(3600));
        assertThat(result.record().createdAt()).isEqualTo(T0);
        assertThat(result.record().updatedAt()).isEqualTo(T1);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(61))).contains(result.record());
        assertThat(item().get(StateItem.EXPIRY_BUCKET).s())
                .isEqualTo(StateItem.expiryBucket(ns, key, T1.plusSeconds(3600)));
    }

    @Test
    void shorteningMakesTheValueExpireSooner() {
        store.put(ns, key, json("1"), new TimeToLive(3600), Precondition.NONE, T0);

        WriteResult result = change(new TimeToLive(5), Precondition.NONE, T1);

        assertThat(result.record().expiresAt()).isEqualTo(T1.plusSeconds(5));
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T1.plusSeconds(4))).isPresent();
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T1.plusSeconds(5))).isEmpty();
    }

    @Test
    void clearingLeavesAValueThatNeverExpires() {
        store.put(ns, key, json("\"kept\""), new TimeToLive(60), Precondition.NONE, T0);

        WriteResult result = change(null, Precondition.NONE, T1);

        assertThat(result.record().expiresAt()).isNull();
        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(item()).doesNotContainKeys(StateItem.EXPIRES_AT, StateItem.EXPIRY_BUCKET);
        assertThat(store.get(ns, key, ReadConsistency.STRONG, T0.plusSeconds(10L * 366 * 24 * 3600)))
                .map(r -> r.value()).contains(json("\"kept\""));
    }

    @Test
    void aMissingDeletedOrExpiredKeyIsNotFoundAndNothingIsWritten() {
        assertThatThrownBy(() -> change(new TimeToLive(60), Precondition.NONE, T0)).isInstanceOf(KeyNotFoundException.class);
        store.put(ns, key, json("1"), new TimeToLive(5), Precondition.NONE, T0);
        assertThatThrownBy(() -> change(null, Precondition.NONE, T0.plusSeconds(5))).isInstanceOf(KeyNotFoundException.class);
        store.put(ns, key, json("1"), null, Precondition.NONE, T0.plusSeconds(6));
        store.delete(ns, key, Precondition.NONE, T0.plusSeconds(6));
        assertThatThrownBy(() -> change(null, Precondition.NONE, T0.plusSeconds(7))).isInstanceOf(KeyNotFoundException.class);

        assertThat(storedVersion()).isEqualTo(3);
    }

    @Test
    void withIfMatchTheChangeCommitsOnlyAtThatVersion() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);

        assertThat(change(new TimeToLive(60), Precondition.ifVersion(Version.FIRST), T0).record().version())
                .isEqualTo(Version.of(2));
        assertThatThrownBy(() -> change(null, Precondition.ifVersion(Version.FIRST), T0))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
        assertThat(storedVersion()).isEqualTo(2);
    }

    @Test
    void aChangeWhoseAnswerIsLostIsAppliedOnce() {
        store.put(ns, key, json("1"), null, Precondition.NONE, T0);
        ExecutionInterceptor lose = Faults.dynamoDbLostAnswers("UpdateItem", 1, LostAnswer.CONNECTION_RESET);

        WriteResult result;
        try (DynamoDbClient lossy = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(lose))) {
            result = DynamoDbStateStore.of(lossy, TestStack.RESOURCES).changeExpiry(ns, key, new TimeToLive(60),
                    Precondition.NONE, WriteIdentity.fresh(), T0);
        }

        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(storedVersion()).isEqualTo(2);
    }

    @Test
    void anIdempotentChangeIsReplayedWithTheValueItLeft() {
        store.put(ns, key, json("{\"a\":1}"), null, Precondition.NONE, T0);
        WriteIdentity first = idempotent("exp-1", new TimeToLive(60));
        WriteResult committed = store.changeExpiry(ns, key, new TimeToLive(60), Precondition.NONE, first, T0);
        store.put(ns, key, json("{\"a\":2}"), null, Precondition.NONE, T1);

        WriteResult repeat = store.changeExpiry(ns, key, new TimeToLive(60), Precondition.NONE,
                idempotent("exp-1", new TimeToLive(60)), T1);

        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.record()).isEqualTo(committed.record());
        assertThat(repeat.record().value()).isEqualTo(json("{\"a\":1}"));
        assertThat(storedVersion()).isEqualTo(3);
    }

    private WriteResult change(TimeToLive ttl, Precondition precondition, Instant now) {
        return store.changeExpiry(ns, key, ttl, precondition, WriteIdentity.fresh(), now);
    }

    private WriteIdentity idempotent(String idempotencyKey, TimeToLive ttl) {
        return WriteIdentity.idempotent(IdempotencyKey.of(idempotencyKey),
                RequestFingerprint.ofExpiry(key, ttl, Precondition.NONE));
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
