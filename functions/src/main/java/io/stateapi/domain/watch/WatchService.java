package io.stateapi.domain.watch;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.WriteTargets;
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
 *
 * <p>On request the watch also answers the changes the index shows above the horizon, as a
 * separate pending list (ADR 0060): sooner, at least once, not in a resumable order. The cursor
 * then also holds the last pending change returned, so a long poll answers for a newer one only;
 * the settled changes and their cursor are the same with or without them.
 */
public final class WatchService {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** The longest a long poll waits: the api function's timeout (10 s) minus room for the reads. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(8);
    /** How often a waiting long poll reads the feed again. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final ChangeFeed feed;
    private final KeyListingService listing;
    private final WriteTargets targets;
    private final WatchCursors cursors;
    private final Clock clock;
    private final Pause pause;
    private final Duration settle;

    public WatchService(ChangeFeed feed, KeyListingService listing, WriteTargets targets, SignedCursors cursors,
                        Clock clock, Pause pause, Duration settle) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.listing = Objects.requireNonNull(listing, "listing");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.cursors = new WatchCursors(Objects.requireNonNull(cursors, "cursors"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.settle = Objects.requireNonNull(settle, "settle");
    }

    /** How far behind the clock the watch reads: a change is served once it is this old. */
    public Duration settle() {
        return settle;
    }

    /** The settled changes after {@code cursor}, without pending ones (ADR 0037). */
    public WatchBatch changes(Caller caller, Namespace name, KeyPrefix prefix, Optional<String> cursor, int limit,
                              Duration wait) {
        return changes(caller, name, prefix, cursor, limit, wait, false);
    }

    /**
     * The changes after {@code cursor} (or, without one, after the settled horizon of now),
     * answered as soon as there are some, or empty when {@code wait} ends. The returned cursor
     * resumes after the last change served, or after everything the horizon covered. With
     * {@code withPending}, the changes above the horizon newer than the last pending one the
     * cursor holds come too, up to {@code limit}, and a new one ends the wait as a settled one does.
     *
     * @throws InvalidCursorException when the cursor was not issued for this tenant, namespace and prefix
     * @throws CursorExpiredException when the cursor is older than the namespace's change retention
     * @throws NamespaceNotFoundException when the tenant has no such namespace
     */
    public WatchBatch changes(Caller caller, Namespace name, KeyPrefix prefix, Optional<String> cursor, int limit,
                              Duration wait, boolean withPending) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        checkLimit(limit);
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw new InvalidRequestException("waitSeconds must be an integer from 0 to " + MAX_WAIT.toSeconds());
        }
        Optional<WatchCursor> given = cursor.map(text -> cursors.open(namespace, prefix, text));
        NamespaceSettings settings = settings(namespace, name);
        Instant start = clock.instant();
        if (given.isPresent() && given.get().settled().at() < start.minus(settings.changeRetention()).toEpochMilli()) {
            throw new CursorExpiredException(settings.changeRetentionDays());
        }
        WatchCursor at = given.orElseGet(() -> WatchCursor.settledAt(FeedPosition.boundary(horizon(start))));
        Instant deadline = start.plus(wait);
        while (true) {
            Instant now = clock.instant();
            FeedPage page = feed.read(namespace, prefix, at.settled(), horizon(now), limit);
            FeedPosition reached = page.readUpTo().isAfter(at.settled()) ? page.readUpTo() : at.settled();
            List<FeedEntry> pending = withPending
                    // Up to any time: a recorder's clock a little ahead of this one's must not hide its changes.
                    ? feed.read(namespace, prefix, at.pendingFrom(horizon(now)), Long.MAX_VALUE, limit).entries()
                    : List.of();
            if (!page.entries().isEmpty() || !pending.isEmpty() || !now.isBefore(deadline)) {
                return batch(namespace, prefix, at, page.entries(), reached, pending);
            }
            at = new WatchCursor(reached, at.pendingMark());
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
        Optional<String> cursor = page.isPresent() ? Optional.empty() : Optional.of(cursors.seal(namespace, prefix,
                WatchCursor.settledAt(FeedPosition.boundary(horizon(clock.instant())))));
        KeyListPage keys = listing.list(caller, name, new ListRequest(prefix, limit, page, true, ReadConsistency.STRONG));
        return new Snapshot(keys, cursor);
    }

    /** A page of a prefix's live keys and, on the first page, the cursor to watch from. */
    public record Snapshot(KeyListPage keys, Optional<String> cursor) {
    }

    /**
     * Each settled change's cursor keeps the mark the call started with (resuming from it may
     * repeat pending changes, never settled ones); each pending change's stands after the settled
     * batch and at that change, which is why pending changes follow the settled ones in an event stream.
     */
    private WatchBatch batch(TenantNamespace namespace, KeyPrefix prefix, WatchCursor from, List<FeedEntry> settled,
                             FeedPosition reached, List<FeedEntry> pending) {
        List<WatchBatch.Change> changes = new ArrayList<>(settled.size());
        for (FeedEntry entry : settled) {
            changes.add(change(namespace, prefix, entry, new WatchCursor(entry.position(), from.pendingMark())));
        }
        List<WatchBatch.Change> early = new ArrayList<>(pending.size());
        Optional<FeedPosition> mark = from.pendingMark();
        for (FeedEntry entry : pending) {
            mark = Optional.of(entry.position());
            early.add(change(namespace, prefix, entry, new WatchCursor(reached, mark)));
        }
        String cursor = cursors.seal(namespace, prefix, new WatchCursor(reached, mark));
        return new WatchBatch(namespace, changes, early, cursor);
    }

    private WatchBatch.Change change(TenantNamespace namespace, KeyPrefix prefix, FeedEntry entry, WatchCursor after) {
        return new WatchBatch.Change(entry.key(), entry.change(), cursors.seal(namespace, prefix, after));
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
}
