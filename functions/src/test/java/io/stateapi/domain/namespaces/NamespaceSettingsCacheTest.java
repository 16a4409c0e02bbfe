package io.stateapi.domain.namespaces;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.MutableClock;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceSettingsCacheTest {

    private static final TenantNamespace ORDERS = TenantNamespace.of("acme", "orders");
    private static final NamespaceSettings HOURLY = new NamespaceSettings(Optional.of(new TimeToLive(3600)), 1024, true);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog((ns, now) -> false);
    private final NamespaceSettingsCache cache = new NamespaceSettingsCache(catalog, clock, Duration.ofSeconds(10), 2);

    @Test
    void aNamespaceFoundIsNotReadAgainWithinTheLifetime() {
        catalog.createIfAbsent(ORDERS, clock.instant());

        cache.find(ORDERS);
        clock.advance(Duration.ofSeconds(9));
        cache.find(ORDERS);

        assertThat(catalog.finds()).isEqualTo(1);
    }

    @Test
    void anotherInstancesSettingsChangeIsSeenOnceTheLifetimeHasPassed() {
        catalog.createIfAbsent(ORDERS, clock.instant());
        cache.find(ORDERS);
        catalog.putSettings(ORDERS, HOURLY, clock.instant());

        assertThat(cache.find(ORDERS).orElseThrow().settings()).isEqualTo(NamespaceSettings.DEFAULTS);
        clock.advance(Duration.ofSeconds(10));
        assertThat(cache.find(ORDERS).orElseThrow().settings()).isEqualTo(HOURLY);
    }

    @Test
    void aMissingNamespaceIsNeverRememberedSoOneCreatedElsewhereIsFoundAtOnce() {
        assertThat(cache.find(ORDERS)).isEmpty();
        catalog.createIfAbsent(ORDERS, clock.instant());

        assertThat(cache.find(ORDERS)).isPresent();
    }

    @Test
    void aChangeMadeThroughThisInstanceAppliesAtOnce() {
        catalog.createIfAbsent(ORDERS, clock.instant());
        cache.find(ORDERS);

        cache.remember(catalog.putSettings(ORDERS, HOURLY, clock.instant()).namespace());
        assertThat(cache.find(ORDERS).orElseThrow().settings()).isEqualTo(HOURLY);

        catalog.deleteIfEmpty(ORDERS, clock.instant());
        cache.forget(ORDERS);
        assertThat(cache.find(ORDERS)).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedNamespaceMakesRoomAtCapacity() {
        TenantNamespace carts = TenantNamespace.of("acme", "carts");
        TenantNamespace users = TenantNamespace.of("acme", "users");
        for (TenantNamespace ns : new TenantNamespace[] {ORDERS, carts, users}) {
            catalog.createIfAbsent(ns, clock.instant());
        }
        cache.find(ORDERS);
        cache.find(carts);
        cache.find(ORDERS);
        cache.find(users);
        int reads = catalog.finds();

        cache.find(ORDERS);
        cache.find(users);
        cache.find(carts);

        assertThat(catalog.finds()).as("only carts, the least recently used, was read again").isEqualTo(reads + 1);
    }

    @Test
    void findOrCreateCreatesAMissingNamespaceWithTheDefaultsOnce() {
        NamespaceInfo created = cache.findOrCreate(ORDERS);
        NamespaceInfo again = cache.findOrCreate(ORDERS);

        assertThat(created.settings()).isEqualTo(NamespaceSettings.DEFAULTS);
        assertThat(again).isEqualTo(created);
        assertThat(catalog.finds()).isEqualTo(1);
    }
}
