package io.stateapi.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import io.stateapi.domain.exceptions.UnreadableStateException;
import io.stateapi.domain.namespaces.CatalogPage;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceDeletion;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.namespaces.SettingsPut;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.events.NamespaceEventValues.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Whether a namespace's change events carry values, as the fan-out learns it from the catalog
 * (ADR 0025), with the catalog in memory: its {@code eventValues} setting when the namespace is
 * there, no values when it is not or its item cannot be read, and "not now" (the records wait
 * for a retry) when the catalog cannot be read at all.
 */
class NamespaceEventValuesTest {

    private static final TenantNamespace ORDERS = TenantNamespace.of("acme", "orders");
    private static final NamespaceSettings NO_VALUES = new NamespaceSettings(Optional.empty(), 1024, false);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog((ns, now) -> false);
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final NamespaceEventValues eventValues =
            new NamespaceEventValues(new NamespaceSettingsCache(catalog, clock), warnings::add);

    @Test
    void aNamespaceWithTheDefaultSettingsCarriesValues() {
        catalog.createIfAbsent(ORDERS, clock.instant());

        assertThat(eventValues.forBatch().apply(ORDERS)).isEqualTo(new Setting.Known(true));
    }

    @Test
    void aNamespaceSetNotToCarryValuesHasThemOmitted() {
        catalog.putSettings(ORDERS, NO_VALUES, clock.instant());

        assertThat(eventValues.forBatch().apply(ORDERS)).isEqualTo(new Setting.Known(false));
    }

    @Test
    void theSettingIsTheTenantsOwnNamespacesNotAnotherTenantsOfTheSameName() {
        catalog.putSettings(ORDERS, NO_VALUES, clock.instant());
        TenantNamespace globexOrders = new TenantNamespace(TenantId.of("globex"), ORDERS.namespace());
        catalog.createIfAbsent(globexOrders, clock.instant());

        Function<TenantNamespace, Setting> batch = eventValues.forBatch();

        assertThat(batch.apply(globexOrders)).isEqualTo(new Setting.Known(true));
        assertThat(batch.apply(ORDERS)).isEqualTo(new Setting.Known(false));
    }

    @Test
    void aNamespaceMissingFromTheCatalogHasItsValuesOmitted() {
        catalog.putSettings(ORDERS, NO_VALUES, clock.instant());
        catalog.deleteIfEmpty(ORDERS, clock.instant());

        assertThat(eventValues.forBatch().apply(ORDERS)).isEqualTo(new Setting.Known(false));
        assertThat(eventValues.forBatch().apply(TenantNamespace.of("acme", "never-created")))
                .isEqualTo(new Setting.Known(false));
    }

    @Test
    void aMissingNamespaceIsReadOncePerBatchAndAgainInTheNext() {
        Function<TenantNamespace, Setting> batch = eventValues.forBatch();
        batch.apply(ORDERS);
        batch.apply(ORDERS);
        assertThat(catalog.finds()).isEqualTo(1);

        catalog.createIfAbsent(ORDERS, clock.instant());

        assertThat(eventValues.forBatch().apply(ORDERS)).isEqualTo(new Setting.Known(true));
        assertThat(catalog.finds()).isEqualTo(2);
    }

    @Test
    void aSettingsChangeAppliesToEventsOnceTheCachesLifetimeHasPassed() {
        catalog.createIfAbsent(ORDERS, clock.instant());
        assertThat(eventValues.forBatch().apply(ORDERS)).isEqualTo(new Setting.Known(true));

        catalog.putSettings(ORDERS, NO_VALUES, clock.instant());
        clock.advance(NamespaceSettingsCache.DEFAULT_LIFETIME.minusMillis(1));
        assertThat(eventValues.forBatch().apply(ORDERS)).as("within the lifetime").isEqualTo(new Setting.Known(true));

        clock.advance(Duration.ofMillis(1));
        assertThat(eventValues.forBatch().apply(ORDERS)).as("after it").isEqualTo(new Setting.Known(false));
    }

    @Test
    void aCatalogThatCannotBeReadNowLeavesTheSettingUnknownSoTheRecordsWaitForARetry() {
        NamespaceEventValues unreachable = new NamespaceEventValues(new NamespaceSettingsCache(
                failingFind(new StoreUnavailableException("throttled", Duration.ofSeconds(1), null)), clock), warnings::add);

        Setting setting = unreachable.forBatch().apply(ORDERS);

        assertThat(setting).isInstanceOf(Setting.Unavailable.class);
        assertThat(((Setting.Unavailable) setting).reason()).contains("acme", "orders", "throttled");
    }

    @Test
    void aCatalogItemThatCannotBeReadHasTheValuesOmittedAndSaysSo() {
        NamespaceEventValues unreadable = new NamespaceEventValues(new NamespaceSettingsCache(
                failingFind(new UnreadableStateException("orders", "ns#acme",
                        "attribute 'eventValues' is of type S, not BOOL")), clock), warnings::add);

        assertThat(unreadable.forBatch().apply(ORDERS)).isEqualTo(new Setting.Known(false));
        assertThat(warnings).singleElement().asString().contains("eventValues", "omitted");
    }

    /** A catalog whose reads all fail with {@code failure}. */
    private static NamespaceCatalog failingFind(RuntimeException failure) {
        return new NamespaceCatalog() {
            @Override
            public Optional<NamespaceInfo> find(TenantNamespace namespace) {
                throw failure;
            }

            @Override
            public NamespaceInfo createIfAbsent(TenantNamespace namespace, Instant now) {
                throw new UnsupportedOperationException("the fan-out never creates a namespace");
            }

            @Override
            public SettingsPut putSettings(TenantNamespace namespace, NamespaceSettings settings, Instant now) {
                throw new UnsupportedOperationException("the fan-out never puts settings");
            }

            @Override
            public CatalogPage list(TenantId tenant, Optional<Namespace> after, int limit) {
                throw new UnsupportedOperationException("the fan-out never lists");
            }

            @Override
            public NamespaceDeletion deleteIfEmpty(TenantNamespace namespace, Instant now) {
                throw new UnsupportedOperationException("the fan-out never deletes a namespace");
            }

            @Override
            public Optional<io.stateapi.domain.namespaces.PurgeStatus> startPurge(TenantNamespace namespace,
                                                                                Instant now) {
                throw new UnsupportedOperationException("the fan-out never purges");
            }

            @Override
            public Optional<io.stateapi.domain.namespaces.PurgeStatus> purgeStatus(TenantNamespace namespace,
                                                                                 Instant now) {
                throw new UnsupportedOperationException("the fan-out never follows a purge");
            }

            @Override
            public long versionFloor(TenantNamespace namespace) {
                throw new UnsupportedOperationException("the fan-out never creates a key");
            }
        };
    }
}
