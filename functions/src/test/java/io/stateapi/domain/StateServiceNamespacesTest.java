package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceService;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How key operations meet namespaces: created by the first write, settings applied, missing ones reported. */
class StateServiceNamespacesTest {

    private static final Caller WRITER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller ADMIN = Caller.of(TenantId.of("acme"), Set.of(Scope.ADMIN), NamespaceGrants.all());
    private static final Namespace ORDERS = Namespace.of("orders");
    private static final TenantNamespace ACME_ORDERS = TenantNamespace.of("acme", "orders");
    private static final Key KEY = Key.of("eu/17");
    private static final JsonDocument VALUE = new JsonDocument("{\"total\":\"99.90\"}");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
    private final NamespaceSettingsCache cache = new NamespaceSettingsCache(catalog, clock);
    private final StateService keys = new StateService(store, cache, clock);
    private final NamespaceService namespaces = new NamespaceService(catalog, cache, clock);

    private WriteResult put(Caller caller, JsonDocument value, TimeToLive ttl, Precondition precondition) {
        return keys.put(caller, ORDERS, KEY, value, ttl, precondition, Optional.empty());
    }

    @Test
    void theFirstWriteCreatesTheNamespaceWithTheDefaultSettings() {
        put(WRITER, VALUE, null, Precondition.NONE);

        assertThat(catalog.find(ACME_ORDERS).orElseThrow().settings()).isEqualTo(NamespaceSettings.DEFAULTS);
    }

    @Test
    void aCreateOnlyWriteCreatesTheNamespaceToo() {
        put(WRITER, VALUE, null, Precondition.IF_ABSENT);

        assertThat(catalog.find(ACME_ORDERS)).isPresent();
    }

    @Test
    void aWriteThatNeedsTheKeyToExistCreatesNoNamespace() {
        assertThatThrownBy(() -> put(WRITER, VALUE, null, Precondition.ifVersion(Version.of(3))))
                .isInstanceOfSatisfying(VersionConflictException.class, e -> assertThat(e.currentVersion()).isEmpty());
        assertThatThrownBy(() -> put(WRITER, VALUE, null, Precondition.IF_PRESENT))
                .isInstanceOf(VersionConflictException.class);

        assertThat(catalog.find(ACME_ORDERS)).isEmpty();
    }

    @Test
    void aReaderCannotCreateANamespaceByWriting() {
        Caller reader = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.all());

        assertThatThrownBy(() -> put(reader, VALUE, null, Precondition.NONE)).isInstanceOf(ForbiddenException.class);
        assertThat(catalog.find(ACME_ORDERS)).isEmpty();
    }

    @Test
    void aWriteWithoutTtlGetsTheNamespacesDefaultTtl() {
        namespaces.put(ADMIN, ORDERS, new NamespaceSettings(Optional.of(new TimeToLive(3600)), 1024, true));

        StateRecord written = put(WRITER, VALUE, null, Precondition.NONE).record();

        assertThat(written.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
    }

    @Test
    void aWritesOwnTtlWinsOverTheDefault() {
        namespaces.put(ADMIN, ORDERS, new NamespaceSettings(Optional.of(new TimeToLive(3600)), 1024, true));

        StateRecord written = put(WRITER, VALUE, new TimeToLive(60), Precondition.NONE).record();

        assertThat(written.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void aValueLargerThanTheNamespaceTakesIsRefusedAndNothingIsWritten() {
        namespaces.put(ADMIN, ORDERS, new NamespaceSettings(Optional.empty(), 10, true));

        assertThatThrownBy(() -> put(WRITER, VALUE, null, Precondition.NONE))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.limitBytes()).isEqualTo(10));
        assertThat(store.get(ACME_ORDERS, KEY, ReadConsistency.STRONG, clock.instant())).isEmpty();
    }

    @Test
    void readingOrDeletingInANamespaceTheTenantDoesNotHaveIsNamespaceNotFound() {
        Caller other = Caller.of(TenantId.of("globex"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
        keys.put(other, ORDERS, KEY, VALUE, null, Precondition.NONE, Optional.empty());

        assertThatThrownBy(() -> keys.get(WRITER, ORDERS, KEY, ReadConsistency.STRONG))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> keys.delete(WRITER, ORDERS, KEY, Precondition.NONE, Optional.empty()))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThat(catalog.find(ACME_ORDERS)).isEmpty();
    }

    @Test
    void anAbsentKeyInANamespaceTheTenantHasIsKeyNotFound() {
        put(WRITER, VALUE, null, Precondition.NONE);
        Key other = Key.of("eu/18");

        assertThatThrownBy(() -> keys.get(WRITER, ORDERS, other, ReadConsistency.STRONG))
                .isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> keys.delete(WRITER, ORDERS, other, Precondition.NONE, Optional.empty()))
                .isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void readingAKeyThatIsThereNeedsNoCatalogRead() {
        put(WRITER, VALUE, null, Precondition.NONE);
        clock.advance(NamespaceSettingsCache.DEFAULT_LIFETIME.plusSeconds(1));
        int reads = catalog.finds();

        keys.get(WRITER, ORDERS, KEY, ReadConsistency.STRONG);

        assertThat(catalog.finds()).isEqualTo(reads);
    }

    @Test
    void writesWithinTheCacheLifetimeReadTheCatalogOnce() {
        put(WRITER, VALUE, null, Precondition.NONE);
        put(WRITER, VALUE, null, Precondition.NONE);
        clock.advance(Duration.ofSeconds(5));
        put(WRITER, VALUE, null, Precondition.NONE);

        assertThat(catalog.finds()).isEqualTo(1);
    }

    @Test
    void aNamespaceDeletedThroughThisInstanceIsCreatedAgainByTheNextWrite() {
        put(WRITER, VALUE, null, Precondition.NONE);
        keys.delete(WRITER, ORDERS, KEY, Precondition.NONE, Optional.empty());
        namespaces.delete(ADMIN, ORDERS);
        assertThat(catalog.find(ACME_ORDERS)).isEmpty();

        StateRecord again = put(WRITER, VALUE, null, Precondition.NONE).record();

        assertThat(catalog.find(ACME_ORDERS)).isPresent();
        assertThat(again.version()).as("the key's version carries on over its tombstone").isEqualTo(Version.of(3));
    }

    @Test
    void aKeyThatOutlivedItsNamespaceBringsTheNamespaceBackOnAConditionalWrite() {
        // As when another instance, still holding the deleted namespace in memory, wrote into it.
        WriteResult orphan = store.put(ACME_ORDERS, KEY, VALUE, null, Precondition.NONE, clock.instant());

        put(WRITER, VALUE, null, Precondition.ifVersion(orphan.record().version()));

        assertThat(catalog.find(ACME_ORDERS)).isPresent();
        assertThat(keys.get(WRITER, ORDERS, KEY, ReadConsistency.STRONG).version()).isEqualTo(Version.of(2));
    }
}
