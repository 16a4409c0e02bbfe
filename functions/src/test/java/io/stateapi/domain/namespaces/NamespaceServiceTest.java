package io.stateapi.domain.namespaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.InMemoryStateStore;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.NamespaceNotEmptyException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespaceServiceTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final Caller ADMIN = Caller.of(ACME, Set.of(Scope.ADMIN), NamespaceGrants.all());
    private static final Caller READER = Caller.of(ACME, Set.of(Scope.READ), NamespaceGrants.all());
    private static final Caller WRITER = Caller.of(ACME, Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller OTHER_ADMIN = Caller.of(TenantId.of("globex"), Set.of(Scope.ADMIN), NamespaceGrants.all());
    private static final NamespaceSettings HOURLY = new NamespaceSettings(Optional.of(new TimeToLive(3600)), 1024, false);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
    private final NamespaceService service =
            new NamespaceService(catalog, new NamespaceSettingsCache(catalog, clock), clock);

    private static Namespace ns(String name) {
        return Namespace.of(name);
    }

    @Test
    void aPutCreatesTheNamespaceWithItsSettingsThenChangesThemKeepingItsCreationTime() {
        SettingsPut first = service.put(ADMIN, ns("orders"), HOURLY);
        clock.advance(Duration.ofMinutes(1));
        SettingsPut second = service.put(ADMIN, ns("orders"), NamespaceSettings.DEFAULTS);

        assertThat(first).isInstanceOf(SettingsPut.Created.class);
        assertThat(first.namespace().settings()).isEqualTo(HOURLY);
        assertThat(first.namespace().status()).isEqualTo(NamespaceStatus.ACTIVE);
        assertThat(first.namespace().approximateKeyCount()).isZero();
        assertThat(second).isInstanceOf(SettingsPut.Changed.class);
        NamespaceInfo described = service.describe(READER, ns("orders"));
        assertThat(described.settings()).isEqualTo(NamespaceSettings.DEFAULTS);
        assertThat(described.createdAt()).isEqualTo(first.namespace().createdAt());
        assertThat(described.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aNamespaceTheTenantDoesNotHaveIsNotFoundEvenWhenAnotherTenantHasIt() {
        service.put(OTHER_ADMIN, ns("orders"), HOURLY);

        assertThatThrownBy(() -> service.describe(READER, ns("orders"))).isInstanceOf(NamespaceNotFoundException.class);
        assertThatThrownBy(() -> service.delete(ADMIN, ns("orders"))).isInstanceOf(NamespaceNotFoundException.class);
        assertThat(catalog.find(TenantNamespace.of("globex", "orders"))).isPresent();
    }

    @Test
    void puttingSettingsNeedsTheAdminScopeAndChangesNothingWithoutIt() {
        assertThatThrownBy(() -> service.put(WRITER, ns("orders"), HOURLY))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("state:admin");
        assertThatThrownBy(() -> service.delete(WRITER, ns("orders"))).isInstanceOf(ForbiddenException.class);

        assertThat(catalog.find(TenantNamespace.of("acme", "orders"))).isEmpty();
    }

    @Test
    void describingAndListingNeedTheReadScope() {
        service.put(ADMIN, ns("orders"), HOURLY);
        Caller writeOnly = Caller.of(ACME, Set.of(Scope.WRITE), NamespaceGrants.all());

        assertThatThrownBy(() -> service.describe(writeOnly, ns("orders"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.list(writeOnly, 10, Optional.empty())).isInstanceOf(ForbiddenException.class);
        assertThat(service.describe(READER, ns("orders")).settings()).isEqualTo(HOURLY);
    }

    @Test
    void aNamespaceOutsideTheCallersGrantIsForbiddenBeforeAnythingIsRead() {
        service.put(ADMIN, ns("orders"), HOURLY);
        Caller cartsOnly = Caller.of(ACME, Set.of(Scope.ADMIN), NamespaceGrants.parse("cart-*"));
        int findsBefore = catalog.finds();

        assertThatThrownBy(() -> service.describe(cartsOnly, ns("orders"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.put(cartsOnly, ns("orders"), NamespaceSettings.DEFAULTS))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.delete(cartsOnly, ns("orders"))).isInstanceOf(ForbiddenException.class);
        assertThat(catalog.finds()).isEqualTo(findsBefore);
        assertThat(service.describe(READER, ns("orders")).settings()).isEqualTo(HOURLY);
    }

    @Test
    void aListingPagesThroughTheTenantsNamespacesInNameOrder() {
        for (String name : List.of("e", "c", "a", "d", "b")) {
            service.put(ADMIN, ns(name), NamespaceSettings.DEFAULTS);
        }
        service.put(OTHER_ADMIN, ns("aa"), NamespaceSettings.DEFAULTS);

        List<List<String>> pages = new ArrayList<>();
        Optional<NamespaceCursor> cursor = Optional.empty();
        do {
            NamespacePage page = service.list(READER, 2, cursor);
            pages.add(page.namespaces().stream().map(i -> i.namespace().name()).toList());
            cursor = page.next();
        } while (cursor.isPresent());

        assertThat(pages).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
    }

    @Test
    void aListingShowsOnlyTheNamespacesTheCallersGrantsCover() {
        for (String name : List.of("audit", "cart-eu", "cart-us", "orders", "users")) {
            service.put(ADMIN, ns(name), NamespaceSettings.DEFAULTS);
        }
        Caller narrowed = Caller.of(ACME, Set.of(Scope.READ), NamespaceGrants.parse("cart-* orders"));

        NamespacePage page = service.list(narrowed, 50, Optional.empty());

        assertThat(page.namespaces()).extracting(i -> i.namespace().name()).containsExactly("cart-eu", "cart-us", "orders");
        assertThat(page.next()).isEmpty();
    }

    @Test
    void aNarrowGrantOverAVastCatalogGetsAShortPageWithACursorRatherThanAnEndlessRead() {
        for (int i = 0; i < NamespaceService.MAX_SCANNED + 150; i++) {
            service.put(ADMIN, ns(String.format("a%05d", i)), NamespaceSettings.DEFAULTS);
        }
        service.put(ADMIN, ns("zz-mine"), NamespaceSettings.DEFAULTS);
        Caller narrowed = Caller.of(ACME, Set.of(Scope.READ), NamespaceGrants.parse("zz-*"));

        NamespacePage first = service.list(narrowed, 10, Optional.empty());
        NamespacePage second = service.list(narrowed, 10, first.next());

        assertThat(first.namespaces()).isEmpty();
        assertThat(first.next()).isPresent();
        assertThat(second.namespaces()).extracting(i -> i.namespace().name()).containsExactly("zz-mine");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void aPageSizeOutsideOneToAHundredIsAnInvalidRequest() {
        assertThatThrownBy(() -> service.list(READER, 0, Optional.empty())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> service.list(READER, 101, Optional.empty())).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void anEmptyNamespaceIsDeletedAndANonEmptyOneIsKept() {
        TenantNamespace orders = TenantNamespace.of("acme", "orders");
        TenantNamespace carts = TenantNamespace.of("acme", "carts");
        service.put(ADMIN, orders.namespace(), NamespaceSettings.DEFAULTS);
        service.put(ADMIN, carts.namespace(), NamespaceSettings.DEFAULTS);
        store.put(orders, Key.of("k"), new JsonDocument("1"), null, Precondition.NONE, clock.instant());
        store.put(carts, Key.of("k"), new JsonDocument("1"), null, Precondition.NONE, clock.instant());
        store.delete(carts, Key.of("k"), Precondition.NONE, clock.instant());

        assertThatThrownBy(() -> service.delete(ADMIN, orders.namespace())).isInstanceOf(NamespaceNotEmptyException.class);
        service.delete(ADMIN, carts.namespace());

        assertThat(catalog.find(orders)).isPresent();
        assertThat(catalog.find(carts)).isEmpty();
    }

    @Test
    void aNamespaceWhoseKeysAllExpiredIsEmpty() {
        TenantNamespace sessions = TenantNamespace.of("acme", "sessions");
        service.put(ADMIN, sessions.namespace(), NamespaceSettings.DEFAULTS);
        store.put(sessions, Key.of("s1"), new JsonDocument("1"), new TimeToLive(60), Precondition.NONE, clock.instant());
        clock.advance(Duration.ofSeconds(61));

        service.delete(ADMIN, sessions.namespace());

        assertThat(catalog.find(sessions)).isEmpty();
    }
}
