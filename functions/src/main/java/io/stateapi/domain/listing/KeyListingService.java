package io.stateapi.domain.listing;

import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.cursors.CursorScope;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.schemas.UpgradeOnRead;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists a namespace's live keys by prefix, a page at a time (ADR 0026). A page's cursor is
 * signed and bound to the tenant, the namespace and the prefix: it carries the last key the
 * page read, and opens in no other listing. Values and consistency may change from page to
 * page; neither changes which keys follow the cursor.
 *
 * <p>Under concurrent writes, a key that is live for the whole listing appears exactly once
 * (pages are read in key order and each starts strictly after the key the previous one ended
 * at); a key written or deleted while the listing runs may or may not appear.
 *
 * <p>Listed values read at the namespace's active schema version, as a single get reads them (ADR 0057).
 */
public final class KeyListingService {

    /** The kind of cursor a key listing issues; a new format gets a new purpose, so old cursors fail cleanly. */
    static final String CURSOR_PURPOSE = "keys/v1";

    private final StateStore store;
    private final WriteTargets targets;
    private final SignedCursors cursors;
    private final UpgradeOnRead reads;
    private final Clock clock;

    public KeyListingService(StateStore store, WriteTargets targets, SignedCursors cursors, Clock clock) {
        this(store, targets, cursors, UpgradeOnRead.NONE, clock);
    }

    public KeyListingService(StateStore store, WriteTargets targets, SignedCursors cursors, UpgradeOnRead reads,
                             Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidCursorException when the cursor was not issued for this tenant, namespace and prefix
     * @throws NamespaceNotFoundException when the page is empty because the tenant has no such namespace
     */
    public KeyListPage list(Caller caller, Namespace name, ListRequest request) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        CursorScope scope = scope(namespace, request.prefix());
        Optional<Key> after = request.cursor().map(cursor -> position(scope, request.prefix(), cursor));
        KeyPage page = store.list(namespace, new KeyQuery(request.prefix(), after, request.limit(), request.values()),
                request.consistency(), clock.instant());
        if (page.keys().isEmpty() && targets.find(namespace).isEmpty()) {
            // Only an empty page asks the catalog (as WriteTargets.absent): a namespace with keys costs no lookup.
            throw new NamespaceNotFoundException(name);
        }
        return new KeyListPage(namespace, request.prefix(), reads.listed(namespace, page.keys()),
                page.resumeAfter().map(key -> cursors.seal(scope, key.value().getBytes(StandardCharsets.UTF_8))));
    }

    private static CursorScope scope(TenantNamespace namespace, KeyPrefix prefix) {
        return CursorScope.of(CURSOR_PURPOSE, namespace.tenant().value(), namespace.namespace().value(), prefix.value());
    }

    private Key position(CursorScope scope, KeyPrefix prefix, String cursor) {
        byte[] position = cursors.open(scope, cursor);
        try {
            Key key = Key.of(new String(position, StandardCharsets.UTF_8));
            if (!prefix.matches(key)) {
                throw new InvalidCursorException();
            }
            return key;
        } catch (StateApiException e) {
            // Signed by this deployment, yet no key: a format this code does not know.
            throw new InvalidCursorException();
        }
    }
}
