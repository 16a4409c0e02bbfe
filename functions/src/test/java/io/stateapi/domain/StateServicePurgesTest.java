package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.exceptions.PurgeNotFoundException;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceService;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.namespaces.PurgeStatus;
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

/** Purges as the domain sees them (ADR 0019): who may start and follow one, what a purging namespace refuses, the floor. */
class StateServicePurgesTest {

    private static final Caller WRITER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller ADMIN = Caller.of(TenantId.of("acme"), Set.of(Scope.ADMIN), NamespaceGrants.all());
    private static final Caller READER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.all());
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

    private WriteResult put(Precondition precondition) {
        return keys.put(WRITER, ORDERS, KEY, VALUE, null, precondition, Optional.empty());
    }

    @Test
    void onlyAnAdminStartsAPurgeAndAReaderFollowsIt() {
        put(Precondition.NONE);

        assertThatThrownBy(() -> namespaces.purge(WRITER, ORDERS)).isInstanceOf(ForbiddenException.class);
        PurgeStatus started = namespaces.purge(ADMIN, ORDERS);

        assertThat(started).isEqualTo(PurgeStatus.started(clock.instant()));
        assertThat(namespaces.purgeStatus(READER, ORDERS)).isEqualTo(started);
        assertThat(namespaces.describe(READER, ORDERS).status()).isEqualTo(NamespaceStatus.PURGING);
    }

    @Test
    void aPurgingNamespaceRefusesKeyWritesDeletesSettingsAndDeletionButServesReads() {
        put(Precondition.NONE);
        namespaces.purge(ADMIN, ORDERS);

        assertThatThrownBy(() -> put(Precondition.NONE)).isInstanceOf(NamespacePurgingException.class);
        assertThatThrownBy(() -> put(Precondition.IF_ABSENT)).isInstanceOf(NamespacePurgingException.class);
        assertThatThrownBy(() -> put(Precondition.ifVersion(Version.FIRST))).isInstanceOf(NamespacePurgingException.class);
        assertThatThrownBy(() -> keys.delete(WRITER, ORDERS, KEY, Precondition.NONE, Optional.empty()))
                .isInstanceOf(NamespacePurgingException.class);
        assertThatThrownBy(() -> namespaces.put(ADMIN, ORDERS, NamespaceSettings.DEFAULTS))
                .isInstanceOf(NamespacePurgingException.class);
        assertThatThrownBy(() -> namespaces.delete(ADMIN, ORDERS)).isInstanceOf(NamespacePurgingException.class);
        assertThat(keys.get(READER, ORDERS, KEY, ReadConsistency.STRONG).value()).isEqualTo(VALUE);
    }

    @Test
    void aPurgeStartedOnAnotherInstanceIsRefusedHereOnceTheCacheLifetimeHasPassed() {
        put(Precondition.NONE);
        NamespaceService elsewhere = new NamespaceService(catalog, new NamespaceSettingsCache(catalog, clock), clock);
        elsewhere.purge(ADMIN, ORDERS);

        put(Precondition.NONE);  // this instance still holds the namespace as active
        clock.advance(NamespaceSettingsCache.DEFAULT_LIFETIME.plus(Duration.ofMillis(1)));

        assertThatThrownBy(() -> put(Precondition.NONE)).isInstanceOf(NamespacePurgingException.class);
    }

    @Test
    void aNamespaceThatIsNotBeingPurgedHasNoPurgeAndAMissingOneIsNotFound() {
        put(Precondition.NONE);

        assertThatThrownBy(() -> namespaces.purgeStatus(READER, ORDERS)).isInstanceOf(PurgeNotFoundException.class);
        assertThatThrownBy(() -> namespaces.purgeStatus(READER, Namespace.of("never")))
                .isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> namespaces.purge(ADMIN, Namespace.of("never")))
                .isInstanceOf(NamespaceNotFoundException.class);
    }

    @Test
    void afterThePurgeTheNameIsFreeAndAKeyStartsAboveEveryVersionItHad() {
        put(Precondition.NONE);
        put(Precondition.NONE);
        namespaces.purge(ADMIN, ORDERS);
        catalog.finishPurge(ACME_ORDERS, 1, 2, clock.instant());
        store.forget(ACME_ORDERS, KEY);
        clock.advance(NamespaceSettingsCache.DEFAULT_LIFETIME.plus(Duration.ofMillis(1)));

        WriteResult written = put(Precondition.IF_ABSENT);

        assertThat(written.record().version()).isEqualTo(Version.of(3));
        assertThat(namespaces.describe(READER, ORDERS).status()).isEqualTo(NamespaceStatus.ACTIVE);
        assertThat(namespaces.purgeStatus(READER, ORDERS).state()).isEqualTo(PurgeStatus.State.DONE);
    }

    @Test
    void aRaisedFloorReachesAnInstanceWithinTheCacheLifetime() {
        put(Precondition.NONE);
        keys.delete(WRITER, ORDERS, KEY, Precondition.NONE, Optional.empty());
        catalog.raiseVersionFloor(ACME_ORDERS, 2);
        clock.advance(NamespaceSettingsCache.DEFAULT_LIFETIME.plus(Duration.ofMillis(1)));
        store.forget(ACME_ORDERS, KEY);

        assertThat(put(Precondition.NONE).record().version()).isEqualTo(Version.of(3));
    }
}
