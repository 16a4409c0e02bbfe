package io.stateapi.domain.history;

import io.stateapi.domain.IdempotencyKey;
import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Namespace;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.RequestFingerprint;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteResult;
import io.stateapi.domain.WriteTargets;
import io.stateapi.domain.cursors.CursorScope;
import io.stateapi.domain.cursors.SignedCursors;
import io.stateapi.domain.exceptions.InvalidCursorException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.exceptions.VersionNotFoundException;
import io.stateapi.domain.exceptions.VersionNotRestorableException;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.namespaces.NamespaceSettings;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import io.stateapi.domain.tenancy.TenantNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's history and its restore (ADR 0036). The history is the change log, which the change
 * pipeline writes after each commit: eventually consistent, kept for the namespace's
 * {@code changeRetentionDays}. A restore is an ordinary conditional write of a past value: it
 * commits a new version and so one ordinary change event.
 */
public final class HistoryService {

    /** The kind of cursor a history listing issues; a new format gets a new purpose. */
    static final String CURSOR_PURPOSE = "versions/v1";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final KeyHistory history;
    private final StateStore store;
    private final WriteTargets targets;
    private final SignedCursors cursors;
    private final Clock clock;

    public HistoryService(KeyHistory history, StateStore store, WriteTargets targets, SignedCursors cursors, Clock clock) {
        this.history = Objects.requireNonNull(history, "history");
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The key's recorded changes, newest first. An empty page is no error: a key with no
     * recorded change (never written, or all past the retention) simply has none.
     *
     * @throws InvalidCursorException when the cursor was not issued for this tenant, namespace and key
     */
    public VersionsPage versions(Caller caller, Namespace name, Key key, int limit, Optional<String> cursor) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
        CursorScope scope = CursorScope.of(CURSOR_PURPOSE, namespace.tenant().value(), namespace.namespace().value(),
                key.value());
        Optional<HistoryPosition> before = cursor.map(text -> position(scope, text));
        HistoryPage page = history.changes(namespace, key, before, limit);
        if (page.entries().isEmpty() && before.isEmpty() && targets.find(namespace).isEmpty()) {
            throw new io.stateapi.domain.exceptions.NamespaceNotFoundException(name);
        }
        return new VersionsPage(namespace, key, page.entries(), page.resumeFrom()
                .map(p -> cursors.seal(scope, p.text().getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * The value the key held at {@code version}: the key's current record when that is the
     * version asked for (so a version just written reads at once), else the change log's.
     *
     * @throws VersionNotFoundException when the version is not readable; the detail says why
     */
    public VersionedValue version(Caller caller, Namespace name, Key key, Version version) {
        TenantNamespace namespace = caller.access(Scope.READ, name);
        return valueAt(namespace, key, version, store.get(namespace, key, ReadConsistency.STRONG, clock.instant()), false);
    }

    /**
     * Writes the value of {@code version} as the key's next version. Without a precondition of
     * the caller's, the write is conditional on the version read just before it, so a concurrent
     * writer is never overwritten blindly: it loses with a version conflict, as any conditional
     * write does. The value gets the namespace's default TTL, as a PUT without one would.
     *
     * @throws VersionNotFoundException when the version is not readable
     * @throws VersionNotRestorableException when the version was a delete
     * @throws VersionConflictException when the key moved on since it was read, or the caller's precondition fails
     */
    public WriteResult restore(Caller caller, Namespace name, Key key, Version version, Precondition precondition,
                               Optional<IdempotencyKey> idempotencyKey) {
        Objects.requireNonNull(precondition, "precondition");
        TenantNamespace namespace = caller.access(Scope.WRITE, name);
        WriteIdentity identity = idempotencyKey
                // The request does not carry the value, so its stored outcome keeps it, as a patch's does.
                .map(k -> WriteIdentity.idempotentKeepingValue(k, RequestFingerprint.ofRestore(key, version, precondition)))
                .orElseGet(WriteIdentity::fresh);
        // A repeat is answered with the first outcome: the key has moved on since, by that very restore.
        Optional<WriteResult> stored = store.storedOutcome(namespace, key, identity, clock.instant());
        if (stored.isPresent()) {
            return stored.get();
        }
        Optional<StateRecord> current = store.get(namespace, key, ReadConsistency.STRONG, clock.instant());
        if (precondition instanceof Precondition.Contradictory) {
            throw new VersionConflictException("If-Match and If-None-Match: * cannot both hold",
                    current.map(StateRecord::version).orElse(null));
        }
        VersionedValue past = valueAt(namespace, key, version, current, true);
        JsonDocument value = past.entry().value().orElseThrow(() -> new VersionNotRestorableException(key, version));
        Precondition effective = precondition instanceof Precondition.None
                ? current.map(record -> Precondition.ifVersion(record.version())).orElse(Precondition.IF_ABSENT)
                : precondition;
        // A restore writes a value like any other: the active schema decides, not the one it was written under.
        NamespaceInfo target = targets.forWrite(namespace, key, effective);
        java.util.OptionalLong schemaVersion = targets.admit(target, value);
        NamespaceSettings settings = target.settings();
        return store.put(namespace, key, value, schemaVersion, settings.ttlFor(null), effective, identity,
                targets.versionFloor(namespace, effective), clock.instant());
    }

    /** A version's change and, for the current version, the live record it came from. */
    public record VersionedValue(TenantNamespace namespace, Key key, HistoryEntry entry) {
    }

    /** @param forRestore whether a delete is reported as not restorable rather than as not found */
    private VersionedValue valueAt(TenantNamespace namespace, Key key, Version version, Optional<StateRecord> current,
                                   boolean forRestore) {
        if (current.isPresent() && current.get().version().equals(version)) {
            StateRecord record = current.get();
            boolean created = record.createdAt().equals(record.updatedAt());
            return new VersionedValue(namespace, key, new HistoryEntry(version,
                    created ? HistoryEntry.Change.CREATED : HistoryEntry.Change.UPDATED, record.updatedAt(),
                    Optional.of(record.value()), record.schemaVersion()));
        }
        Optional<HistoryEntry> logged = history.version(namespace, key, version);
        if (logged.isPresent()) {
            if (logged.get().change() == HistoryEntry.Change.DELETED) {
                if (forRestore) {
                    throw new VersionNotRestorableException(key, version);
                }
                throw new VersionNotFoundException(key, version, "was a delete: it holds no value");
            }
            return new VersionedValue(namespace, key, logged.get());
        }
        throw new VersionNotFoundException(key, version, whyAbsent(namespace, key, version, current));
    }

    private String whyAbsent(TenantNamespace namespace, Key key, Version version, Optional<StateRecord> current) {
        if (current.isPresent() && version.compareTo(current.get().version()) > 0) {
            return "never existed: the key is at version " + current.get().version();
        }
        Optional<Version> oldest = history.oldestVersion(namespace, key);
        if (oldest.isPresent() && version.compareTo(oldest.get()) < 0) {
            return "is past the namespace's change retention: the oldest version kept is " + oldest.get();
        }
        return "is not in the key's history: it never existed, is past the namespace's change retention, or was"
                + " committed moments ago and is not recorded yet (history follows writes within seconds)";
    }

    private HistoryPosition position(CursorScope scope, String cursor) {
        byte[] position = cursors.open(scope, cursor);
        try {
            return HistoryPosition.parse(new String(position, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // Signed by this deployment, yet no position: a format this code does not know.
            throw new InvalidCursorException();
        }
    }

    /** When the log may forget a change committed at {@code committedAt} in a namespace with {@code settings}. */
    public static Instant forgetAfter(Instant committedAt, NamespaceSettings settings) {
        return committedAt.plus(settings.changeRetention());
    }
}
