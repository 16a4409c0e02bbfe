package io.stateapi.domain.backfill;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.Key;
import io.stateapi.domain.Precondition;
import io.stateapi.domain.ReadConsistency;
import io.stateapi.domain.StateRecord;
import io.stateapi.domain.StateStore;
import io.stateapi.domain.TimeToLive;
import io.stateapi.domain.ValueReplacement;
import io.stateapi.domain.Version;
import io.stateapi.domain.WriteIdentity;
import io.stateapi.domain.WriteToken;
import io.stateapi.domain.exceptions.PayloadTooLargeException;
import io.stateapi.domain.exceptions.SchemaViolationException;
import io.stateapi.domain.exceptions.VersionConflictException;
import io.stateapi.domain.listing.ListedKey;
import io.stateapi.domain.namespaces.NamespaceInfo;
import io.stateapi.domain.schemas.MigrationFailedException;
import io.stateapi.domain.schemas.ValueSchemas;
import io.stateapi.domain.schemas.ValueUpgrader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Brings one item to the namespace's active schema version (ADR 0058): the value upgraded by the
 * {@link ValueUpgrader}, checked as every write checks a value, and written as the store's
 * conditional replacement of the item read ({@link StateStore#replace}, ADR 0067: the same write
 * as a put on the version read, sent whole): a new version with a normal change event. A writer
 * that changed the key first always wins: the item it left (carried by the conflict, or read
 * again) is upgraded again unless it is now current or gone.
 *
 * <p>Each write's token is derived from the backfill's run, the key and the version it upgrades
 * (ADR 0007's tokens), so a run that takes over a segment after a crash recognises a write of the
 * crashed run on an item it finds current, and counts it as upgraded, not as already current.
 */
final class ItemUpgrade {

    /** Writes tried on one item before it is reported as failed: each lost to a writer. */
    static final int ATTEMPTS = 5;

    /** What became of one item. */
    sealed interface Outcome {
        record Upgraded() implements Outcome {
        }

        record Current() implements Outcome {
        }

        record Failed(FailedKey key) implements Outcome {
        }
    }

    private static final Outcome UPGRADED = new Outcome.Upgraded();
    private static final Outcome CURRENT = new Outcome.Current();

    private final StateStore store;
    private final ValueUpgrader upgrader;
    private final ValueSchemas schemas;
    private final NamespaceInfo namespace;
    private final Backfill backfill;
    private final long target;
    private final Instant now;

    ItemUpgrade(StateStore store, ValueUpgrader upgrader, ValueSchemas schemas, NamespaceInfo namespace,
                Backfill backfill, Instant now) {
        this.store = store;
        this.upgrader = upgrader;
        this.schemas = schemas;
        this.namespace = namespace;
        this.backfill = backfill;
        this.target = namespace.schemaVersion().orElseThrow();
        this.now = now;
    }

    /**
     * @param mayBeOwn the item is on the first page a run reads after taking its segment over: a
     *                 crashed run may have upgraded it without saving its checkpoint
     */
    Outcome apply(ListedKey listed, boolean mayBeOwn) {
        Seen seen = new Seen(listed.key(), listed.value().orElseThrow(), listed.version(), listed.schemaVersion(),
                listed.createdAt(), listed.expiresAt());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (seen.storedAt().equals(OptionalLong.of(target))) {
                return mayBeOwn && attempt == 0 ? ownEarlierWrite(seen) : CURRENT;
            }
            ValueUpgrader.Upgraded upgraded;
            try {
                upgraded = upgrader.upgrade(namespace, seen.storedAt(), seen.value());
                if (!upgraded.version().equals(OptionalLong.of(target))) {
                    return failed(seen, "no migration brings the value to version " + target
                            + (seen.storedAt().isPresent() ? " from version " + seen.storedAt().getAsLong()
                            : "; it records no schema version and matches none"));
                }
                namespace.settings().checkSize(upgraded.value());
                schemas.check(namespace, upgraded.value());
            } catch (MigrationFailedException | PayloadTooLargeException e) {
                return failed(seen, e.getMessage());
            } catch (SchemaViolationException e) {
                return failed(seen, "the upgraded value does not match version " + target + ": " + e.getMessage());
            }
            Optional<TimeToLive> ttl = ttl(seen);
            if (seen.expiresAt().isPresent() && ttl.isEmpty()) {
                return CURRENT;   // expires within the second: nothing is left to upgrade
            }
            if (backfill.request().dryRun()) {
                return UPGRADED;
            }
            try {
                // The whole item was read: the store may send it whole (ADR 0067), the same write as a put.
                store.replace(namespace.namespace(), new ValueReplacement(seen.key(), seen.version(), seen.createdAt(),
                        seen.expiresAt(), upgraded.value(), target), identity(seen.key(), seen.version()), now);
                return UPGRADED;
            } catch (VersionConflictException writerWon) {
                // The state the write met, when the store carried it (ADR 0051); otherwise read again.
                Optional<StateRecord> again = writerWon.current().isPresent() ? writerWon.current()
                        : store.get(namespace.namespace(), seen.key(), ReadConsistency.STRONG, now);
                if (again.isEmpty()) {
                    return CURRENT;   // deleted (or expired) meanwhile: nothing to upgrade
                }
                StateRecord record = again.get();
                seen = new Seen(record.key(), record.value(), record.version(), record.schemaVersion(),
                        record.createdAt(), record.expiry());
            }
        }
        return failed(seen, "writers changed the key " + ATTEMPTS + " times while the backfill upgraded it");
    }

    /**
     * Asks the store to commit, at the version before the current one, the write this backfill
     * would have made there: the store recognises its own token and reports the commit without
     * writing (ADR 0007); any other item fails the condition and writes nothing either.
     */
    private Outcome ownEarlierWrite(Seen seen) {
        if (backfill.request().dryRun() || seen.version().value() <= 1) {
            return CURRENT;
        }
        Version before = Version.of(seen.version().value() - 1);
        Optional<TimeToLive> ttl = ttl(seen);
        if (seen.expiresAt().isPresent() && ttl.isEmpty()) {
            return CURRENT;
        }
        try {
            store.put(namespace.namespace(), seen.key(), seen.value(), OptionalLong.of(target), ttl.orElse(null),
                    Precondition.ifVersion(before), identity(seen.key(), before), 0, now);
            return UPGRADED;
        } catch (VersionConflictException notOurs) {
            return CURRENT;
        }
    }

    private WriteIdentity identity(Key key, Version read) {
        String name = backfill.run() + '\n' + key.value() + '\n' + read.value();
        return new WriteIdentity(new WriteToken("backfill-" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))),
                Optional.empty());
    }

    /** The item's own expiry, as a time to live from {@code now}: an upgrade never moves it. */
    private Optional<TimeToLive> ttl(Seen seen) {
        return seen.expiresAt().map(at -> at.getEpochSecond() - now.getEpochSecond())
                .filter(seconds -> seconds >= 1).map(TimeToLive::new);
    }

    private static Outcome failed(Seen seen, String reason) {
        return new Outcome.Failed(new FailedKey(seen.key(), seen.storedAt(), reason));
    }

    private record Seen(Key key, JsonDocument value, Version version, OptionalLong storedAt, Instant createdAt,
                        Optional<Instant> expiresAt) {
    }
}
