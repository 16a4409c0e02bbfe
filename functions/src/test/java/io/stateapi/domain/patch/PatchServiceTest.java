package io.stateapi.domain.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.DeleteResult;
import io.stateapi.domain.InMemoryStateStore;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.PatchTestFailedException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.json.JsonPatches;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The patch service's rules: one version per patch, the compare-and-set loop and its bound, expiry kept. */
class PatchServiceTest {

    private static final Caller WRITER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Namespace ORDERS = Namespace.of("orders");
    private static final TenantNamespace ACME_ORDERS = TenantNamespace.of("acme", "orders");
    private static final Key KEY = Key.of("eu/17");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore memory = new InMemoryStateStore();
    /** Another writer that moves the key just before each of the service's writes, this many times. */
    private final AtomicInteger interferences = new AtomicInteger();
    private final StateStore store = new Interfering(memory, interferences, clock);
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(memory::holdsLiveKeys);
    private final NamespaceSettingsCache cache = new NamespaceSettingsCache(catalog, clock);
    private final PatchService patches = new PatchService(store, new WriteTargets(store, cache, clock), new JsonPatches(), clock);

    @Test
    void aPatchIsWrittenAsTheNextVersion() {
        write("{\"a\":1}", null);

        WriteResult result = patch(merge("{\"b\":2}"), Precondition.NONE);

        assertThat(result.record().version()).isEqualTo(Version.of(2));
        assertThat(result.record().value().json()).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(result.created()).isFalse();
    }

    @Test
    void whenAnotherWriterGetsInBetweenThePatchIsAppliedAgainToItsVersion() {
        write("{\"a\":1}", null);
        interferences.set(3);

        WriteResult result = patch(merge("{\"b\":2}"), Precondition.NONE);

        assertThat(result.record().value().json()).isEqualTo("{\"a\":1,\"other\":1,\"b\":2}");
        assertThat(result.record().version()).isEqualTo(Version.of(5));
    }

    @Test
    void contentionBeyondTheRoundsIs503AndWritesNothingOfThePatch() {
        write("{\"a\":1}", null);
        interferences.set(PatchService.MAX_ROUNDS);

        assertThatThrownBy(() -> patch(merge("{\"b\":2}"), Precondition.NONE))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(e.retryAfter()).isPositive());
        assertThat(current().value().json()).doesNotContain("\"b\"");
        assertThat(current().version()).isEqualTo(Version.of(1 + PatchService.MAX_ROUNDS));
    }

    @Test
    void withIfMatchAConflictAtTheWriteIsNotRetried() {
        write("{\"a\":1}", null);
        interferences.set(1);

        assertThatThrownBy(() -> patch(merge("{\"b\":2}"), Precondition.ifVersion(Version.of(1))))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
        assertThat(current().value().json()).doesNotContain("\"b\"");
    }

    @Test
    void withIfMatchAtAnotherVersionNothingIsApplied() {
        write("{\"a\":1}", null);
        write("{\"a\":2}", null);

        assertThatThrownBy(() -> patch(merge("{\"b\":2}"), Precondition.ifVersion(Version.of(1))))
                .isInstanceOfSatisfying(VersionConflictException.class,
                        e -> assertThat(e.currentVersion()).contains(Version.of(2)));
    }

    @Test
    void theKeyKeepsItsExpiry() {
        write("{\"a\":1}", new TimeToLive(100));
        Instant expiresAt = current().expiresAt();
        clock.advance(Duration.ofMillis(30_700));

        WriteResult result = patch(merge("{\"b\":2}"), Precondition.NONE);

        assertThat(result.record().expiresAt()).isEqualTo(expiresAt);
        assertThat(current().expiresAt()).isEqualTo(expiresAt);
    }

    @Test
    void aKeyWithoutExpiryStaysWithout() {
        write("{\"a\":1}", null);

        assertThat(patch(merge("{\"b\":2}"), Precondition.NONE).record().expiresAt()).isNull();
    }

    @Test
    void aMissingKeyIsNotFoundAndNothingIsCreated() {
        write("{\"a\":1}", null);

        assertThatThrownBy(() -> patches.patch(WRITER, ORDERS, Key.of("other"), merge("{\"b\":2}"), Precondition.NONE,
                Optional.empty())).isInstanceOf(KeyNotFoundException.class);
        assertThat(memory.get(ACME_ORDERS, Key.of("other"), ReadConsistency.STRONG, clock.instant())).isEmpty();
    }

    @Test
    void aMissingNamespaceIsNotFoundAndIsNotCreated() {
        assertThatThrownBy(() -> patch(merge("{\"b\":2}"), Precondition.NONE)).isInstanceOf(NamespaceNotFoundException.class);
        assertThat(catalog.find(ACME_ORDERS)).isEmpty();
    }

    @Test
    void ifNoneMatchIsRefused() {
        assertThatThrownBy(() -> patch(merge("{}"), Precondition.IF_ABSENT)).isInstanceOf(InvalidPreconditionException.class);
    }

    @Test
    void aFailedTestCarriesTheVersionItWasTriedOn() {
        write("{\"a\":1}", null);

        assertThatThrownBy(() -> patch(new Patch.JsonPatch(new JsonDocument("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]")),
                Precondition.NONE)).isInstanceOfSatisfying(PatchTestFailedException.class,
                e -> assertThat(e.currentVersion()).contains(Version.of(1)));
    }

    @Test
    void aResultLargerThanTheNamespaceTakesIsRefused() {
        write("{\"a\":1}", null);
        String big = "x".repeat(JsonDocument.MAX_UTF8_BYTES - 10);

        assertThatThrownBy(() -> patch(merge("{\"b\":\"" + big + "\"}"), Precondition.NONE))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThat(current().version()).isEqualTo(Version.of(1));
    }

    private WriteResult patch(Patch patch, Precondition precondition) {
        return patches.patch(WRITER, ORDERS, KEY, patch, precondition, Optional.empty());
    }

    private void write(String json, TimeToLive ttl) {
        cache.findOrCreate(ACME_ORDERS);
        memory.put(ACME_ORDERS, KEY, new JsonDocument(json), ttl, Precondition.NONE, clock.instant());
    }

    private StateRecord current() {
        return memory.get(ACME_ORDERS, KEY, ReadConsistency.STRONG, clock.instant()).orElseThrow();
    }

    private static Patch merge(String json) {
        return new Patch.MergePatch(new JsonDocument(json));
    }

    /** The store as seen while another writer merges {@code {"other": n}} just before each of the next n writes. */
    private record Interfering(InMemoryStateStore memory, AtomicInteger interferences, MutableClock clock)
            implements StateStore {

        @Override
        public Optional<StateRecord> get(TenantNamespace namespace, Key key, ReadConsistency consistency, Instant now) {
            return memory.get(namespace, key, consistency, now);
        }

        @Override
        public java.util.Map<Key, StateRecord> getAll(TenantNamespace namespace, java.util.Collection<Key> keys,
                                                      ReadConsistency consistency, Instant now) {
            return memory.getAll(namespace, keys, consistency, now);
        }

        @Override
        public WriteResult put(TenantNamespace namespace, Key key, JsonDocument value, java.util.OptionalLong schemaVersion, TimeToLive ttl,
                               Precondition precondition, WriteIdentity identity, long versionFloor, Instant now) {
            int left = interferences.getAndDecrement();
            if (left > 0) {
                StateRecord seen = memory.get(namespace, key, ReadConsistency.STRONG, now).orElseThrow();
                String moved = new JsonPatches().apply(new Patch.MergePatch(new JsonDocument("{\"other\":" + left + "}")),
                        seen.value()).json();
                memory.put(namespace, key, new JsonDocument(moved), null, Precondition.NONE, now);
            }
            return memory.put(namespace, key, value, ttl, precondition, identity, versionFloor, now);
        }

        @Override
        public DeleteResult delete(TenantNamespace namespace, Key key, Precondition precondition, WriteIdentity identity,
                                   Instant now) {
            return memory.delete(namespace, key, precondition, identity, now);
        }

        @Override
        public io.stateapi.domain.listing.KeyPage list(TenantNamespace namespace,
                                                       io.stateapi.domain.listing.KeyQuery query,
                                                       ReadConsistency consistency, Instant now) {
            return memory.list(namespace, query, consistency, now);
        }

        @Override
        public WriteResult increment(TenantNamespace namespace, Key key, long delta, TimeToLive ttlOnCreate,
                                     Precondition precondition, WriteIdentity identity, long versionFloor, Instant now) {
            return memory.increment(namespace, key, delta, ttlOnCreate, precondition, identity, versionFloor, now);
        }

        @Override
        public WriteResult changeExpiry(TenantNamespace namespace, Key key, TimeToLive ttl, Precondition precondition,
                                        WriteIdentity identity, Instant now) {
            return memory.changeExpiry(namespace, key, ttl, precondition, identity, now);
        }

        @Override
        public io.stateapi.domain.transactions.TransactionResult transact(
                io.stateapi.domain.tenancy.TenantId tenant,
                java.util.List<io.stateapi.domain.transactions.PreparedOperation> operations, WriteIdentity identity,
                Instant now) {
            return memory.transact(tenant, operations, identity, now);
        }
    }
}
