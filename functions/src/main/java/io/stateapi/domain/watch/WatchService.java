package io.stateapi.domain.watch;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.cursors.CursorScope;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.CursorExpiredException;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.NamespaceNotFoundException;
import io.stateapi.domain.listing.KeyListPage;
import io.stateapi.domain.listing.KeyListingService;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.listing.ListRequest;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The resumable watch of a namespace's changes (ADR 0037). The feed is read only up to its
 * settled horizon, {@code now - settle}: a change recorded before the horizon is in the feed
 * index already (the window covers the recorder's longest put, the index's propagation and clock
 * skew), so a cursor that stands at a position below the horizon has seen every change before it
 * and misses none after it. Positions are unique and each read starts strictly after the cursor,
 * so no change is served twice.
 */
public final class WatchService {

    /** The kind of cursor a watch issues; a new format gets a new purpose. */
    static final String CURSOR_PURPOSE = "changes/v1";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** The longest a long poll waits: the api function's timeout (10 s) minus room for the reads. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(8);
    /** How often a waiting long poll reads the feed again. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final ChangeFeed feed;
    private final KeyListingService listing;
    private final WriteTargets targets;
    private final SignedCursors cursors;
    private final Clock clock;
    private final Pause pause;
    private final Duration settle;

    public WatchService(ChangeFeed feed, KeyListingService listing, WriteTargets targets, SignedCursors cursors,
                        Clock clock, Pause pause, Duration settle) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.listing = Objects.requireNonNull(listing, "listing");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    /** How far behind the clock the watch reads: a change is served once it is this old. */
    public Duration settle() {
        return settle;
    }

    /**
     * The changes after {@code cursor} (or, without one, after the settled horizon of now),
     * answered as soon as there are some, or empty when {@code wait} ends. The returned cursor
     * resumes after the last change served, or after everything the horizon covered.
     *
     * @throws InvalidCursorException when the cursor was not issued for this tenant, namespace and prefix
     * @throws CursorExpiredException when the cursor is older than the namespace's change retention
     * @throws NamespaceNotFoundException when the tenant has no such namespace
     */
    public WatchBatch changes(Caller caller, Namespace name, KeyPrefix prefix, Optional<String> cursor, int limit,
                              Duration wait) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        checkLimit(limit);
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new InvalidRequestException("waitSeconds must be an integer from 0 to " + MAX_WAIT.toSeconds());
        }
        CursorScope scope = scope(namespace, prefix);
        Optional<FeedPosition> given = cursor.map(text -> position(scope, text));
        NamespaceSettings settings = settings(namespace, name);
        Instant start = clock.instant();
        if (given.isPresent() && given.get().at() < start.minus(settings.changeRetention()).toEpochMilli()) {
            throw new CursorExpiredException(settings.changeRetentionDays());
        }
        FeedPosition after = given.orElseGet(() -> FeedPosition.boundary(horizon(start)));
        Instant deadline = start.plus(wait);
        while (true) {
            Instant now = clock.instant();
            FeedPage page = feed.read(namespace, prefix, after, horizon(now), limit);
            FeedPosition reached = page.readUpTo().isAfter(after) ? page.readUpTo() : after;
            if (!page.entries().isEmpty() || !now.isBefore(deadline)) {
                return batch(namespace, scope, page.entries(), reached);
            }
            after = reached;
            Duration left = Duration.between(now, deadline);
            pause.pause(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
        }
    }

    /**
     * One page of the live keys of {@code prefix} with their values, and on the first page a watch
     * cursor from which no later change is missed. The cursor is taken before the keys are read,
     * so the watch may repeat a change the snapshot shows already: a change whose version is at
     * most the snapshot's version of its key is one of those.
     *
     * @param page the previous snapshot page's {@code nextPage}; empty for the first page
     */
    public Snapshot snapshot(Caller caller, Namespace name, KeyPrefix prefix, int limit, Optional<String> page) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        checkLimit(limit);
        Optional<String> cursor = page.isPresent() ? Optional.empty()
                : Optional.of(seal(scope(namespace, prefix), FeedPosition.boundary(horizon(clock.instant()))));
        KeyListPage keys = listing.list(caller, name, new ListRequest(prefix, limit, page, true, ReadConsistency.STRONG));
        return new Snapshot(keys, cursor);
    }

    /** A page of a prefix's live keys and, on the first page, the cursor to watch from. */
    public record Snapshot(KeyListPage keys, Optional<String> cursor) {
    }

    private WatchBatch batch(TenantNamespace namespace, CursorScope scope, List<FeedEntry> entries,
                             FeedPosition reached) {
        List<WatchBatch.Change> changes = new ArrayList<>(entries.size());
        for (FeedEntry entry : entries) {
            changes.add(new WatchBatch.Change(entry.key(), entry.change(), seal(scope, entry.position())));
        }
        return new WatchBatch(namespace, changes, seal(scope, reached));
    }

    private long horizon(Instant now) {
        return now.minus(settle).toEpochMilli();
    }

    private NamespaceSettings settings(TenantNamespace namespace, Namespace name) {
        return targets.find(namespace).orElseThrow(() -> new NamespaceNotFoundException(name)).settings();
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + MAX_LIMIT);
        }
    }

    private static CursorScope scope(TenantNamespace namespace, KeyPrefix prefix) {
        return CursorScope.of(CURSOR_PURPOSE, namespace.tenant().value(), namespace.namespace().value(), prefix.value());
    }

    private String seal(CursorScope scope, FeedPosition position) {
        return cursors.seal(scope, position.text().getBytes(StandardCharsets.UTF_8));
    }

    private FeedPosition position(CursorScope scope, String cursor) {
        byte[] position = cursors.open(scope, cursor);
        try {
            return FeedPosition.parse(new String(position, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // Signed by this deployment, yet no position: a format this code does not know.
            throw new InvalidCursorException();
        }
    }
}
