package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.faults.UnprocessedBatchKeys;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Batch get in the DynamoDB adapter against the emulator (ADR 0027). Time is passed in. */
class BatchReadsTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final TestStack stack = TestStack.shared();
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("batch"));

    private void put(String key, String json, TimeToLive ttl) {
        store.put(ns, Key.of(key), new JsonDocument(json), ttl, Precondition.NONE, T0);
    }

    private static List<Key> keys(String... keys) {
        return List.of(keys).stream().map(Key::of).toList();
    }

    private static List<Key> keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> Key.of("k/" + i)).toList();
    }

    @Test
    void findsLiveKeysAtTheirVersionsAndLeavesOutAbsentDeletedAndExpiredOnes() {
        put("live", "{\"a\":1}", null);
        put("live", "{\"a\":2}", null);
        put("deleted", "1", null);
        store.delete(ns, Key.of("deleted"), Precondition.NONE, T0);
        put("expired", "1", new TimeToLive(10));
        put("expiring", "1", new TimeToLive(3600));

        Map<Key, StateRecord> found = store.getAll(ns, keys("live", "deleted", "expired", "expiring", "never"),
                ReadConsistency.STRONG, T0.plusSeconds(10));

        assertThat(found).containsOnlyKeys(Key.of("live"), Key.of("expiring"));
        assertThat(found.get(Key.of("live")).version()).isEqualTo(Version.of(2));
        assertThat(found.get(Key.of("live")).value()).isEqualTo(new JsonDocument("{\"a\":2}"));
        assertThat(found.get(Key.of("expiring")).expiresAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void eventuallyConsistentBatchesFindWrittenKeys() {
        put("a", "1", null);
        put("b", "2", null);

        assertThat(store.getAll(ns, keys("a", "b", "c"), ReadConsistency.EVENTUAL, T0)).containsOnlyKeys(keys("a", "b"));
    }

    /**
     * 150 keys asked, more than one BatchGetItem takes (100): the keys that exist are the first and
     * last of each call's share, so a call left out, a share cut short or a second answer that
     * replaces the first loses one of them. (Writing all 150 took 150 writes for the same check.)
     */
    @Test
    void moreKeysThanOneCallTakesAreReadInSeveralCalls() {
        List<Key> existing = List.of(Key.of("k/0"), Key.of("k/99"), Key.of("k/100"), Key.of("k/149"));
        existing.forEach(key -> put(key.value(), "\"" + key.value() + "\"", null));

        Map<Key, StateRecord> found = store.getAll(ns, keys(150), ReadConsistency.STRONG, T0);

        assertThat(found).containsOnlyKeys(existing);
        found.forEach((key, record) -> assertThat(record.value()).isEqualTo(new JsonDocument("\"" + key.value() + "\"")));
    }

    @Test
    void unprocessedKeysAreSentAgainUntilEveryKeyIsRead() {
        List<Key> asked = keys(20);
        asked.stream().limit(15).forEach(key -> put(key.value(), "\"" + key.value() + "\"", null));
        UnprocessedBatchKeys unprocessed = UnprocessedBatchKeys.inFirstAnswers(3);
        try (DynamoDbClient client = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(unprocessed))) {
            DynamoDbStateStore throttled = DynamoDbStateStore.of(client, TestStack.RESOURCES);

            Map<Key, StateRecord> found = throttled.getAll(ns, asked, ReadConsistency.STRONG, T0);

            assertThat(found).containsOnlyKeys(asked.subList(0, 15));
            found.forEach((key, record) -> {
                assertThat(record.value()).isEqualTo(new JsonDocument("\"" + key.value() + "\""));
                assertThat(record.version()).isEqualTo(Version.FIRST);
            });
            // 20 keys; half of them held back three times: 10, 5, 3 keys sent again.
            assertThat(unprocessed.keysSent()).containsExactly(20, 10, 5, 3);
        }
    }

    @Test
    void keysThatStayUnprocessedFailTheWholeBatchAsUnavailable() {
        put("a", "1", null);
        UnprocessedBatchKeys unprocessed = UnprocessedBatchKeys.always();
        try (DynamoDbClient client = DynamoDbClients.create(stack.emulatorEndpoint(), List.of(unprocessed))) {
            DynamoDbStateStore throttled = DynamoDbStateStore.of(client, TestStack.RESOURCES);

            assertThatThrownBy(() -> throttled.getAll(ns, keys("a", "b", "c"), ReadConsistency.STRONG, T0))
                    .isInstanceOfSatisfying(StoreUnavailableException.class,
                            e -> assertThat(e.retryAfter()).isPositive())
                    .hasMessageContaining("unprocessed");
            assertThat(unprocessed.keysSent()).hasSize(BatchReads.MAX_CALLS);
        }
    }
}
