package io.stateapi.client;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A namespace's schema versions, oldest first, without their documents ({@link Namespaces#schemas}).
 *
 * @param activeVersion the version values are checked against; empty while the namespace has none
 */
public record SchemaVersions(OptionalLong activeVersion, List<SchemaVersion> versions) {

    public SchemaVersions {
        Objects.requireNonNull(activeVersion, "activeVersion");
        versions = List.copyOf(versions);
    }
}
