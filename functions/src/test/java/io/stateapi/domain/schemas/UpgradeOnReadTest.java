package io.stateapi.domain.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.namespaces.NamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.namespaces.NamespaceStatus;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reads return values at the active schema version, and the stored value when that fails (ADR 0057). */
class UpgradeOnReadTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final TenantNamespace orders = TenantNamespace.of("acme", "orders");
    private final List<String> lookups = new ArrayList<>();
    private final List<MigrationFailedException> failures = new ArrayList<>();
    private OptionalLong active = OptionalLong.of(2);

    /** Only {@code find} is asked of the catalog here. */
    private final NamespaceCatalog catalog = (NamespaceCatalog) Proxy.newProxyInstance(
            NamespaceCatalog.class.getClassLoader(), new Class<?>[] {NamespaceCatalog.class}, (proxy, method, args) -> {
                lookups.add(method.getName());
                return Optional.of(new NamespaceInfo(orders, NamespaceSettings.DEFAULTS, 0, T0, T0,
                        NamespaceStatus.ACTIVE, active));
            });

    /** Version 1 values gain {"v":2}; a value "bad" cannot be migrated. */
    private final ValueUpgrader upgrader = (namespace, storedAt, value) -> {
        if (value.json().contains("bad")) {
            throw new MigrationFailedException(1, 2, "no way");
        }
        return storedAt.orElse(0) == 1
                ? new ValueUpgrader.Upgraded(new JsonDocument("{\"v\":2}"), OptionalLong.of(2), true)
                : new ValueUpgrader.Upgraded(value, storedAt, false);
    };

    private final UpgradeOnRead reads = new UpgradeOnRead(
            new NamespaceSettingsCache(catalog, Clock.fixed(T0, ZoneOffset.UTC)), upgrader, failures::add);

    private StateRecord stored(String json, long schemaVersion) {
        return new StateRecord(orders, Key.of("k"), new JsonDocument(json), new Version(7), T0, T0, null,
                OptionalLong.of(schemaVersion));
    }

    @Test
    void anOldValueIsReturnedUpgradedAtTheSameItemVersionNamingBothSchemaVersions() {
        StateRecord read = reads.record(stored("{\"v\":1}", 1));

        assertThat(read.value().json()).isEqualTo("{\"v\":2}");
        assertThat(read.version()).isEqualTo(new Version(7));
        assertThat(read.schemaVersion()).hasValue(2);
        assertThat(read.storedSchemaVersion()).hasValue(1);
    }

    @Test
    void aFailedUpgradeServesTheStoredValueAtItsStoredVersionAndIsReported() {
        StateRecord stored = stored("\"bad\"", 1);

        assertThat(reads.record(stored)).isEqualTo(stored);
        assertThat(failures).singleElement().extracting(MigrationFailedException::toVersion).isEqualTo(2L);
    }

    @Test
    void aNamespaceWithoutASchemaReturnsValuesAsStored() {
        active = OptionalLong.empty();
        StateRecord stored = stored("\"bad\"", 1);

        assertThat(reads.record(stored)).isEqualTo(stored);
        assertThat(failures).isEmpty();
    }

    @Test
    void aListingWithoutValuesUpgradesNothingAndLooksUpNoNamespace() {
        ListedKey key = new ListedKey(Key.of("k"), new Version(7), T0, T0, Optional.empty(), Optional.empty(),
                OptionalLong.of(1));

        assertThat(reads.listed(orders, List.of(key))).containsExactly(key);
        assertThat(lookups).isEmpty();
    }

    @Test
    void aListingWithValuesUpgradesEachWithOneNamespaceLookup() {
        ListedKey first = new ListedKey(Key.of("a"), new Version(1), T0, T0, Optional.empty(),
                Optional.of(new JsonDocument("{\"v\":1}")), OptionalLong.of(1));
        ListedKey second = new ListedKey(Key.of("b"), new Version(1), T0, T0, Optional.empty(),
                Optional.of(new JsonDocument("\"bad\"")), OptionalLong.of(1));

        List<ListedKey> read = reads.listed(orders, List.of(first, second));

        assertThat(read.get(0).value()).contains(new JsonDocument("{\"v\":2}"));
        assertThat(read.get(0).schemaVersion()).hasValue(2);
        assertThat(read.get(0).storedSchemaVersion()).hasValue(1);
        assertThat(read.get(1)).isEqualTo(second);
        assertThat(lookups).containsExactly("find");
    }
}
