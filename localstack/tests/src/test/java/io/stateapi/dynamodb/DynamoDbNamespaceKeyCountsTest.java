package io.stateapi.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.local.TestStack;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Namespaces' approximate key counts on their catalog items (ADR 0025), against the emulator. Each test has a tenant of its own. */
class DynamoDbNamespaceKeyCountsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final NamespaceSettings HOURLY_NO_VALUES =
            new NamespaceSettings(Optional.of(new TimeToLive(3600)), 4096, false);

    private final TestStack stack = TestStack.shared();
    private final DynamoDbNamespaceCatalog catalog = DynamoDbNamespaceCatalog.of(stack.dynamoDb(), TestStack.RESOURCES);
    private final DynamoDbNamespaceKeyCounts counts =
            new DynamoDbNamespaceKeyCounts(stack.dynamoDb(), TestStack.RESOURCES.catalogTableName());
    private final TenantId tenant = TenantId.of("t-" + UUID.randomUUID().toString().substring(0, 8));
    private final TenantNamespace orders = new TenantNamespace(tenant, Namespace.of("orders"));

    @Test
    void addsMoveTheCountAndNothingElseOfTheNamespace() {
        NamespaceInfo created = catalog.putSettings(orders, HOURLY_NO_VALUES, T0).namespace();

        assertThat(counts.add(orders, 5)).isTrue();
        assertThat(counts.add(orders, -2)).isTrue();

        assertThat(catalog.find(orders)).contains(new NamespaceInfo(orders, HOURLY_NO_VALUES, 3, created.createdAt(),
                created.updatedAt(), created.status()));
    }

    @Test
    void anAddToANamespaceTheCatalogDoesNotHaveWritesNothing() {
        assertThat(counts.add(orders, 1)).isFalse();

        assertThat(catalog.find(orders)).isEmpty();
        assertThat(catalog.list(tenant, Optional.empty(), 10).namespaces()).isEmpty();
    }

    @Test
    void aDeletedNamespaceIsNotBroughtBackByACount() {
        catalog.createIfAbsent(orders, T0);
        catalog.deleteIfEmpty(orders, T0);

        assertThat(counts.add(orders, -1)).isFalse();

        assertThat(catalog.find(orders)).isEmpty();
    }

    @Test
    void theSameNameUnderAnotherTenantIsNotCounted() {
        TenantNamespace othersOrders = new TenantNamespace(TenantId.of("o-" + UUID.randomUUID().toString().substring(0, 8)),
                orders.namespace());
        catalog.createIfAbsent(orders, T0);
        catalog.createIfAbsent(othersOrders, T0);

        counts.add(orders, 4);

        assertThat(catalog.find(othersOrders).orElseThrow().approximateKeyCount()).isZero();
        assertThat(catalog.find(orders).orElseThrow().approximateKeyCount()).isEqualTo(4);
    }

    @Test
    void aCountDriftedBelowZeroReadsAsZeroAndCountsOnFromWhereItIs() {
        catalog.createIfAbsent(orders, T0);

        counts.add(orders, -3);
        assertThat(catalog.find(orders).orElseThrow().approximateKeyCount()).isZero();

        counts.add(orders, 5);
        assertThat(catalog.find(orders).orElseThrow().approximateKeyCount()).isEqualTo(2);
    }

    @Test
    void settingsPutAfterCountsKeepTheCount() {
        catalog.createIfAbsent(orders, T0);
        counts.add(orders, 7);

        NamespaceInfo changed = catalog.putSettings(orders, HOURLY_NO_VALUES, T0.plusSeconds(60)).namespace();

        assertThat(changed.approximateKeyCount()).isEqualTo(7);
        assertThat(catalog.find(orders).orElseThrow().approximateKeyCount()).isEqualTo(7);
    }
}
