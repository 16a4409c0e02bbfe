package io.stateapi.domain.listing;

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
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidCursorException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyListingServiceTest {

    private static final Caller ACME = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller GLOBEX = Caller.of(TenantId.of("globex"), Set.of(Scope.READ, Scope.WRITE),
            NamespaceGrants.all());
    private static final Namespace ORDERS = Namespace.of("orders");
    private static final JsonDocument VALUE = new JsonDocument("{\"n\":1}");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
    private final NamespaceSettingsCache cache = new NamespaceSettingsCache(catalog, clock);
    private final WriteTargets targets = new WriteTargets(store, cache, clock);
    private final StateService keys = new StateService(store, targets, clock);
    private final KeyListingService listing = new KeyListingService(store, targets,
            SignedCursors.fromSecret("test-cursor-key-".repeat(3)), clock);

    private void put(Caller caller, Namespace namespace, String key, TimeToLive ttl) {
        keys.put(caller, namespace, Key.of(key), VALUE, ttl, Precondition.NONE, Optional.empty());
    }

    private static ListRequest request(String prefix, int limit, Optional<String> cursor, boolean values) {
        return new ListRequest(KeyPrefix.of(prefix), limit, cursor, values, ReadConsistency.STRONG);
    }

    private List<String> listAll(Caller caller, String prefix, int limit) {
        List<String> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            KeyListPage page = listing.list(caller, ORDERS, request(prefix, limit, cursor, false));
            page.keys().forEach(k -> listed.add(k.key().value()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return listed;
    }

    @Test
    void pagesListTheKeysWithThePrefixInKeyOrderOnce() {
        for (String key : List.of("eu/3", "us/1", "eu/1", "eu/10", "eu/2", "e", "eu")) {
            put(ACME, ORDERS, key, null);
        }

        assertThat(listAll(ACME, "eu/", 2)).containsExactly("eu/1", "eu/10", "eu/2", "eu/3");
        assertThat(listAll(ACME, "", 3)).containsExactly("e", "eu", "eu/1", "eu/10", "eu/2", "eu/3", "us/1");
    }

    @Test
    void entriesCarryTheirVersionAndOnlyWhenAskedTheirValue() {
        put(ACME, ORDERS, "a", null);
        put(ACME, ORDERS, "a", null);

        ListedKey without = listing.list(ACME, ORDERS, request("", 10, Optional.empty(), false)).keys().get(0);
        ListedKey with = listing.list(ACME, ORDERS, request("", 10, Optional.empty(), true)).keys().get(0);

        assertThat(without.version().value()).isEqualTo(2);
        assertThat(without.value()).isEmpty();
        assertThat(with.value()).contains(VALUE);
    }

    @Test
    void deletedAndExpiredKeysNeverAppear() {
        put(ACME, ORDERS, "gone", null);
        keys.delete(ACME, ORDERS, Key.of("gone"), Precondition.NONE, Optional.empty());
        put(ACME, ORDERS, "short", new TimeToLive(5));
        put(ACME, ORDERS, "stays", null);
        clock.advance(Duration.ofSeconds(5));

        assertThat(listAll(ACME, "", 1)).containsExactly("stays");
    }

    @Test
    void aMissingNamespaceIsNotFoundAndAnEmptyOneIsAnEmptyPage() {
        assertThatThrownBy(() -> listing.list(ACME, ORDERS, request("", 10, Optional.empty(), false)))
                .isInstanceOf(NamespaceNotFoundException.class);

        put(ACME, ORDERS, "a", null);
        keys.delete(ACME, ORDERS, Key.of("a"), Precondition.NONE, Optional.empty());
        KeyListPage empty = listing.list(ACME, ORDERS, request("", 10, Optional.empty(), false));

        assertThat(empty.keys()).isEmpty();
        assertThat(empty.nextCursor()).isEmpty();
    }

    @Test
    void anotherTenantsNamespaceOfTheSameNameIsNeverListed() {
        put(ACME, ORDERS, "acme-key", null);
        put(GLOBEX, ORDERS, "globex-key", null);

        assertThat(listAll(ACME, "", 10)).containsExactly("acme-key");
    }

    @Test
    void aCursorOpensOnlyInTheListingThatIssuedIt() {
        for (String key : List.of("eu/1", "eu/2", "eu/3")) {
            put(ACME, ORDERS, key, null);
            put(GLOBEX, ORDERS, key, null);
            put(ACME, Namespace.of("carts"), key, null);
        }
        String cursor = listing.list(ACME, ORDERS, request("eu/", 1, Optional.empty(), false)).nextCursor().orElseThrow();

        assertThat(listing.list(ACME, ORDERS, request("eu/", 1, Optional.of(cursor), true)).keys())
                .extracting(k -> k.key().value()).containsExactly("eu/2");
        assertThatThrownBy(() -> listing.list(GLOBEX, ORDERS, request("eu/", 1, Optional.of(cursor), false)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> listing.list(ACME, Namespace.of("carts"), request("eu/", 1, Optional.of(cursor), false)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> listing.list(ACME, ORDERS, request("eu", 1, Optional.of(cursor), false)))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> listing.list(ACME, ORDERS, request("eu/", 1, Optional.of(cursor + "x"), false)))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void listingNeedsTheReadScopeAndTheNamespaceGrant() {
        put(ACME, ORDERS, "a", null);
        Caller writer = Caller.of(TenantId.of("acme"), Set.of(Scope.WRITE), NamespaceGrants.all());
        Caller elsewhere = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.only(List.of("carts")));

        assertThatThrownBy(() -> listing.list(writer, ORDERS, request("", 10, Optional.empty(), false)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> listing.list(elsewhere, ORDERS, request("", 10, Optional.empty(), false)))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aLimitOutsideOneToAThousandIsRefused() {
        assertThatThrownBy(() -> request("", 0, Optional.empty(), false)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> request("", 1001, Optional.empty(), false)).isInstanceOf(InvalidRequestException.class);
    }
}
