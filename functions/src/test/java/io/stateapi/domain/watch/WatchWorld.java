package io.stateapi.domain.watch;

import io.stateapi.domain.InMemoryStateStore;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.MutableClock;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.StateService;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.history.HistoryEntry;
import io.stateapi.domain.listing.KeyListingService;
import io.stateapi.domain.namespaces.InMemoryNamespaceCatalog;
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

/**
 * The watch's in-memory world, shared by its tests (ADR 0037, 0060): the state service and the
 * watch on in-memory ports, a clock the tests move, and a feed index that shows a change only
 * some time after it was recorded, as a GSI does. Tenant acme's namespace {@code docs} holds
 * one key, {@code seed}, from the start.
 */
final class WatchWorld {

    static final Caller ACME = Caller.of(TenantId.of("acme"), Set.of(Scope.READ, Scope.WRITE), NamespaceGrants.all());
    static final Caller GLOBEX = Caller.of(TenantId.of("globex"), Set.of(Scope.READ, Scope.WRITE),
            NamespaceGrants.all());
    static final Namespace DOCS = Namespace.of("docs");
    static final TenantNamespace ACME_DOCS = TenantNamespace.of("acme", "docs");
    static final Duration SETTLE = Duration.ofSeconds(8);
    static final Duration NO_WAIT = Duration.ZERO;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final SignedCursors cursors = SignedCursors.fromSecret("test-cursor-key-".repeat(3));
    final WatchService watch;
    final StateService keys;
    private final InMemoryChangeFeed feed = new InMemoryChangeFeed(clock);

    WatchWorld() {
        InMemoryStateStore store = new InMemoryStateStore();
        InMemoryNamespaceCatalog catalog = new InMemoryNamespaceCatalog(store::holdsLiveKeys);
        WriteTargets targets = new WriteTargets(store, new NamespaceSettingsCache(catalog, clock), clock);
        keys = new StateService(store, targets, clock);
        watch = new WatchService(feed, new KeyListingService(store, targets, cursors, clock), targets, cursors,
                clock, clock::advance, SETTLE);
        keys.put(ACME, DOCS, Key.of("seed"), new JsonDocument("0"), null, Precondition.NONE, Optional.empty());
    }

    /** A write, recorded by the fan-out at once and shown by the index {@code lag} later. */
    WriteResult write(String key, String json, Duration lag) {
        WriteResult result = keys.put(ACME, DOCS, Key.of(key), new JsonDocument(json), null, Precondition.NONE,
                Optional.empty());
        record(key, result.record().version().value(), clock.instant(), lag);
        return result;
    }

    /** A change of {@code key} as the fan-out records it: at {@code feedAt}, shown {@code lag} later. */
    void record(String key, long version, Instant feedAt, Duration lag) {
        feed.record(ACME_DOCS, Key.of(key), new HistoryEntry(Version.of(version),
                version == 1 ? HistoryEntry.Change.CREATED : HistoryEntry.Change.UPDATED, clock.instant(),
                Optional.of(new JsonDocument(Long.toString(version)))), feedAt, lag);
    }
}
