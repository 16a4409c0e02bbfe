package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.listing.KeyPage;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.KeyQuery;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The listing's Query against the emulator: order, liveness, projection, and the bounds of one page. */
class KeyListingTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final JsonDocument VALUE = new JsonDocument("{\"a\":[1,\"x\"]}");

    private final TestStack stack = TestStack.shared();
    private final DynamoDbStateStore store = DynamoDbStateStore.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final TenantNamespace ns = TenantNamespace.of(TestStack.TENANT, TestStack.uniqueNamespace("listing"));

    private void put(String key) {
        store.put(ns, Key.of(key), VALUE, null, Precondition.NONE, T0);
    }

    private List<String> keys(KeyPage page) {
        return page.keys().stream().map(k -> k.key().value()).toList();
    }

    private List<String> listAll(KeyListing listing, String prefix, int limit, Instant now) {
        List<String> all = new ArrayList<>();
        Optional<Key> after = Optional.empty();
        do {
            KeyPage page = listing.list(ns, new KeyQuery(KeyPrefix.of(prefix), after, limit, false),
                    ReadConsistency.STRONG, now);
            all.addAll(keys(page));
            after = page.resumeAfter();
        } while (after.isPresent());
        return all;
    }

    @Test
    void keysComeInUtf8ByteOrderWithinThePrefix() {
        // UTF-16 order would put U+1F600 (a surrogate pair) before U+FF21; DynamoDB orders by UTF-8 bytes.
        for (String key : List.of("p/\uFF21", "p/\uD83D\uDE00", "p/b", "p/a", "q/a", "o/z")) {
            put(key);
        }

        KeyPage page = store.list(ns, new KeyQuery(KeyPrefix.of("p/"), Optional.empty(), 10, false),
                ReadConsistency.STRONG, T0);

        assertThat(keys(page)).containsExactly("p/a", "p/b", "p/\uFF21", "p/\uD83D\uDE00");
        assertThat(page.resumeAfter()).isEmpty();
    }

    @Test
    void entriesCarryTheItemsBookkeepingAndTheValueOnlyWhenAsked() {
        store.put(ns, Key.of("k"), VALUE, new TimeToLive(60), Precondition.NONE, T0);

        ListedKey without = store.list(ns, new KeyQuery(KeyPrefix.NONE, Optional.empty(), 10, false),
                ReadConsistency.EVENTUAL, T0).keys().get(0);
        ListedKey with = store.list(ns, new KeyQuery(KeyPrefix.NONE, Optional.empty(), 10, true),
                ReadConsistency.STRONG, T0).keys().get(0);

        assertThat(without.value()).isEmpty();
        assertThat(without.expiresAt()).contains(T0.plusSeconds(60));
        assertThat(without.createdAt()).isEqualTo(T0);
        assertThat(with.value()).contains(VALUE);
        assertThat(with.version().value()).isEqualTo(1);
    }

    @Test
    void integersStoredAsNumbersAreListedWithTheirExactValue() {
        // ADR 0034 keeps integer values as DynamoDB numbers, so a counter can add to them in place.
        store.put(ns, Key.of("n/put"), new JsonDocument("9007199254740991"), null, Precondition.NONE, T0);
        store.increment(ns, Key.of("n/counted"), -42, null, Precondition.NONE, WriteIdentity.fresh(), 0, T0);

        List<ListedKey> listed = store.list(ns, new KeyQuery(KeyPrefix.of("n/"), Optional.empty(), 10, true),
                ReadConsistency.STRONG, T0).keys();

        assertThat(listed).extracting(k -> k.value().orElseThrow().json())
                .containsExactly("-42", "9007199254740991");
    }

    @Test
    void deletedAndExpiredKeysAreSkipped() {
        put("a");
        put("b");
        store.delete(ns, Key.of("b"), Precondition.NONE, T0);
        store.put(ns, Key.of("c"), VALUE, new TimeToLive(10), Precondition.NONE, T0);
        put("d");

        assertThat(listAll(new KeyListing(stack.dynamoDb(), stack.tableName()), "", 1, T0.plusSeconds(10)))
                .containsExactly("a", "d");
    }

    @Test
    void aFullPageAtTheEndOfTheRangeHasNoResumePoint() {
        put("a");
        put("b");

        KeyPage page = store.list(ns, new KeyQuery(KeyPrefix.NONE, Optional.empty(), 2, false), ReadConsistency.STRONG, T0);

        assertThat(keys(page)).containsExactly("a", "b");
        assertThat(page.resumeAfter()).isEmpty();
    }

    @Test
    void aLongRunOfDeadKeysEndsThePageEarlyWithWhereToResume() {
        for (int i = 0; i < 30; i++) {
            String key = String.format("dead/%02d", i);
            put(key);
            store.delete(ns, Key.of(key), Precondition.NONE, T0);
        }
        put("live");
        KeyListing bounded = new KeyListing(stack.dynamoDb(), stack.tableName(), 8, 2);

        KeyPage first = bounded.list(ns, new KeyQuery(KeyPrefix.NONE, Optional.empty(), 5, false),
                ReadConsistency.STRONG, T0);

        assertThat(first.keys()).isEmpty();
        assertThat(first.resumeAfter()).isPresent();
        assertThat(listAll(bounded, "", 5, T0)).containsExactly("live");
    }

    @Test
    void theHousekeepingCheckpointsShareNoNamespacesPartition() {
        // A namespace's partition key starts with its tenant id, which is never empty.
        assertThat(DynamoDbExpirySweeper.CHECKPOINT_PK).startsWith("#");
        assertThat(DynamoDbTombstonePurger.CHECKPOINT_PK).startsWith("#");
        assertThatThrownBy(() -> TenantId.of("")).isInstanceOf(RuntimeException.class);
        assertThat(StateItem.partitionKey(ns)).doesNotStartWith("#");
        assertThatThrownBy(() -> TenantNamespace.of("", "x")).isInstanceOf(RuntimeException.class);
    }
}
