package io.stateapi.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidPreconditionException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.KeyNotFoundException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.NamespacePurgingException;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
import io.stateapi.domain.namespaces.NamespaceService;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.namespaces.NamespaceSettingsCache;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.NamespaceGrants;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counters and expiry changes meet the namespace rules and the caller's access (ADR 0034). */
class CounterAndExpiryServicesTest {

    private static final Caller WRITER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    private static final Caller READER = Caller.of(TenantId.of("acme"), Set.of(Scope.READ), NamespaceGrants.all());
    private static final Caller ADMIN = Caller.of(TenantId.of("acme"), Set.of(Scope.ADMIN), NamespaceGrants.all());
    private static final Namespace STATS = Namespace.of("stats");
    private static final TenantNamespace ACME_STATS = TenantNamespace.of("acme", "stats");
    private static final Key KEY = Key.of("hits/home");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
    private final NamespaceSettingsCache cache = new NamespaceSettingsCache(catalog, clock);
    private final WriteTargets targets = new WriteTargets(store, cache, clock);
    private final CounterService counters = new CounterService(store, targets, clock);
    private final ExpiryService expiry = new ExpiryService(store, targets, clock);
    private final StateService keys = new StateService(store, targets, clock);
    private final NamespaceService namespaces = new NamespaceService(catalog, cache, clock);

    private WriteResult increment(Caller caller, long delta, Precondition precondition) {
        return counters.increment(caller, STATS, KEY, delta, precondition, Optional.empty());
    }

    @Test
    void theFirstIncrementCreatesTheNamespaceAndTheCounterFromZero() {
        WriteResult result = increment(WRITER, 4, Precondition.NONE);

        assertThat(result.created()).isTrue();
        assertThat(result.record().value()).isEqualTo(new JsonDocument("4"));
        assertThat(catalog.find(ACME_STATS)).isPresent();
        assertThat(increment(WRITER, 4, Precondition.NONE).record().value()).isEqualTo(new JsonDocument("8"));
    }

    @Test
    void aCounterCreatedByAnIncrementGetsTheNamespacesDefaultTtlAndKeepsItsExpiryAfter() {
        namespaces.put(ADMIN, STATS, new NamespaceSettings(Optional.of(new TimeToLive(3600)), 1024, true));

        WriteResult created = increment(WRITER, 1, Precondition.NONE);
        clock.advance(java.time.Duration.ofSeconds(10));
        WriteResult added = increment(WRITER, 1, Precondition.NONE);

        assertThat(created.record().expiresAt()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(added.record().expiresAt()).isEqualTo(created.record().expiresAt());
    }

    @Test
    void anIncrementNeedsTheWriteScopeAndTakesNoCreateOnlyCondition() {
        assertThatThrownBy(() -> increment(READER, 1, Precondition.NONE)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> increment(WRITER, 1, Precondition.IF_ABSENT))
                .isInstanceOf(InvalidPreconditionException.class);
        assertThatThrownBy(() -> increment(WRITER, ExactInteger.MAX + 1, Precondition.NONE))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(catalog.find(ACME_STATS)).isEmpty();
    }

    @Test
    void aPurgingNamespaceTakesNoIncrementAndNoExpiryChange() {
        increment(WRITER, 1, Precondition.NONE);
        namespaces.purge(ADMIN, STATS);

        assertThatThrownBy(() -> increment(WRITER, 1, Precondition.NONE)).isInstanceOf(NamespacePurgingException.class);
        assertThatThrownBy(() -> expiry.changeExpiry(WRITER, STATS, KEY, new TimeToLive(60), Precondition.NONE,
                Optional.empty())).isInstanceOf(NamespacePurgingException.class);
    }

    @Test
    void anExpiryChangeKeepsTheValueAndMakesAVersion() {
        keys.put(WRITER, STATS, KEY, new JsonDocument("{\"a\":1}"), new TimeToLive(60), Precondition.NONE,
                Optional.empty());

        WriteResult cleared = expiry.changeExpiry(WRITER, STATS, KEY, null, Precondition.NONE, Optional.empty());

        assertThat(cleared.record().value()).isEqualTo(new JsonDocument("{\"a\":1}"));
        assertThat(cleared.record().version()).isEqualTo(Version.of(2));
        assertThat(cleared.record().expiresAt()).isNull();
    }

    @Test
    void anExpiryChangeOfAMissingKeyTellsAMissingNamespaceFromAMissingKey() {
        assertThatThrownBy(() -> expiry.changeExpiry(WRITER, STATS, KEY, null, Precondition.NONE, Optional.empty()))
                .isInstanceOf(NamespaceNotFoundException.class);
        increment(WRITER, 1, Precondition.NONE);
        assertThatThrownBy(() -> expiry.changeExpiry(WRITER, STATS, Key.of("absent"), null, Precondition.NONE,
                Optional.empty())).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> expiry.changeExpiry(READER, STATS, KEY, null, Precondition.NONE, Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
    }
}
