package io.stateapi.domain.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.InMemoryStateStore;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateService;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batch get in the domain: order, liveness, versions, the batch's rules and the missing namespace. */
class BatchGetServiceTest {

    private static final Caller WRITER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller READER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.all());
    private static final Namespace ORDERS = Namespace.of("orders");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
    private final NamespaceSettingsCache cache = new NamespaceSettingsCache(catalog, clock);
    private final WriteTargets targets = new WriteTargets(store, cache, clock);
    private final StateService keys = new StateService(store, targets, clock);
    private final BatchGetService batches = new BatchGetService(store, targets, clock);

    private void put(String key, String json, TimeToLive ttl) {
        keys.put(WRITER, ORDERS, Key.of(key), new JsonDocument(json), ttl, Precondition.NONE, Optional.empty());
    }

    private static KeyBatch batch(String... keys) {
        return KeyBatch.of(List.of(keys).stream().map(Key::of).toList());
    }

    @Test
    void answersEveryKeyInTheOrderAskedWithItsVersionOrAsNotFound() {
        put("a", "1", null);
        put("b/c", "2", null);
        put("b/c", "3", null);

        BatchGetResult result = batches.getAll(READER, ORDERS, batch("missing", "b/c", "a"), ReadConsistency.STRONG);

        assertThat(result.items()).extracting(KeyRead::key).containsExactly(Key.of("missing"), Key.of("b/c"), Key.of("a"));
        assertThat(result.items().get(0)).isInstanceOf(KeyRead.Missing.class);
        assertThat(result.items().get(1)).isInstanceOfSatisfying(KeyRead.Found.class, found -> {
            assertThat(found.record().version()).isEqualTo(Version.of(2));
            assertThat(found.record().value()).isEqualTo(new JsonDocument("3"));
        });
        assertThat(result.items().get(2)).isInstanceOfSatisfying(KeyRead.Found.class,
                found -> assertThat(found.record().version()).isEqualTo(Version.FIRST));
    }

    @Test
    void expiredAndDeletedKeysAreNotFound() {
        put("expiring", "1", new TimeToLive(60));
        put("deleted", "1", null);
        put("kept", "1", null);
        keys.delete(WRITER, ORDERS, Key.of("deleted"), Precondition.NONE, Optional.empty());
        clock.advance(Duration.ofSeconds(60));

        BatchGetResult result = batches.getAll(READER, ORDERS, batch("expiring", "deleted", "kept"), ReadConsistency.EVENTUAL);

        assertThat(result.items()).extracting(item -> item instanceof KeyRead.Found)
                .containsExactly(false, false, true);
    }

    @Test
    void aNamespaceThatDoesNotExistIsNotFoundWhenNoKeyWasFound() {
        assertThatThrownBy(() -> batches.getAll(READER, Namespace.of("nowhere"), batch("a"), ReadConsistency.STRONG))
                .isInstanceOf(NamespaceNotFoundException.class);
    }

    @Test
    void anExistingNamespaceWithNoneOfTheKeysAnswersEveryKeyNotFound() {
        put("a", "1", null);

        BatchGetResult result = batches.getAll(READER, ORDERS, batch("x", "y"), ReadConsistency.STRONG);

        assertThat(result.items()).allMatch(item -> item instanceof KeyRead.Missing);
    }

    @Test
    void aCallerWithoutTheReadScopeReadsNothing() {
        put("a", "1", null);
        Caller writer = Caller.of(TenantId.of("acme"), Set.of(Scope.WRITE), NamespaceGrants.all());

        assertThatThrownBy(() -> batches.getAll(writer, ORDERS, batch("a"), ReadConsistency.STRONG))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void anotherTenantsKeysOfTheSameNamespaceNameAreNotSeen() {
        put("a", "1", null);
        Caller other = Caller.of(TenantId.of("globex"), Set.of(Scope.READ), NamespaceGrants.all());

        assertThatThrownBy(() -> batches.getAll(other, ORDERS, batch("a"), ReadConsistency.STRONG))
                .isInstanceOf(NamespaceNotFoundException.class);
    }

    @Test
    void aBatchHoldsOneToAHundredKeys() {
        assertThat(KeyBatch.of(IntStream.range(0, 100).mapToObj(i -> Key.of("k" + i)).toList()).keys()).hasSize(100);
        assertThatThrownBy(() -> KeyBatch.of(List.of())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at least one key");
        assertThatThrownBy(() -> KeyBatch.of(IntStream.range(0, 101).mapToObj(i -> Key.of("k" + i)).toList()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most 100").hasMessageContaining("101");
    }

    @Test
    void aKeyAskedForTwiceIsRefusedByName() {
        assertThatThrownBy(() -> batch("a", "b", "a")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'a'").hasMessageContaining("keys[0]").hasMessageContaining("keys[2]");
    }

    @Test
    void keysThatAreTheSameAfterNormalisationAreDuplicates() {
        assertThatThrownBy(() -> batch("caf\u00e9", "cafe\u0301")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("keys[1]");
    }
}
