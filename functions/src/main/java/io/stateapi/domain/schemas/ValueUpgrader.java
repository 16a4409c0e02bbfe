package io.stateapi.domain.schemas;

import io.stateapi.domain.JsonDocument;
import io.stateapi.domain.namespaces.NamespaceInfo;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Brings a stored value up to its namespace's active schema version by applying each version's
 * migration in turn (issue 15, migrations part). Reads use it to upgrade on the fly; the
 * backfill uses it to rewrite stored values. It writes nothing.
 */
public interface ValueUpgrader {

    /**
     * @param namespace the namespace as the caller found it (its active version is the target)
     * @param storedAt  the version the value was checked against when it was written (ADR 0056);
     *                  empty when the item records none
     * @param value     the stored value
     * @return the value at the active version; the stored value itself, unchanged, when it is
     *         already there or cannot be placed at any version
     * @throws MigrationFailedException when a migration fails on the
     *         value or its result does not match the version it migrates to
     */
    Upgraded upgrade(NamespaceInfo namespace, OptionalLong storedAt, JsonDocument value);

    /**
     * @param value   the value as it reads at {@code version}
     * @param version the schema version {@code value} matches; empty when none is known
     * @param changed whether any migration was applied
     */
    record Upgraded(JsonDocument value, OptionalLong version, boolean changed) {

        public Upgraded {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(version, "version");
        }
    }
}
