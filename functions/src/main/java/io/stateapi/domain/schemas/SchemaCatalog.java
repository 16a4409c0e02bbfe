package io.stateapi.domain.schemas;

import io.stateapi.domain.namespaces.NamespaceInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port to where schema versions are kept (ADR 0052). Reads are strongly consistent. It knows
 * nothing of callers: {@link SchemaService} checks access first.
 *
 * <p>Schema versions belong to one life of a namespace ({@link NamespaceInfo#createdAt()}): a
 * namespace deleted or purged and created again under the same name starts without a schema, and
 * none of the old life's versions is ever read as one of the new life's.
 */
public interface SchemaCatalog {

    /**
     * Creates the namespace's next schema version and makes it the active one, in one atomic
     * write: of concurrent creators of one version exactly one succeeds.
     *
     * @param namespace the namespace as the caller found it; the write holds only if it still is this life of it
     * @throws io.stateapi.domain.exceptions.SchemaVersionConflictException when {@code version} is not the one after the latest
     * @throws io.stateapi.domain.exceptions.NamespaceNotFoundException when the namespace is gone (or is another life of the name)
     * @throws io.stateapi.domain.exceptions.NamespacePurgingException when it is being purged
     */
    ValueSchema create(NamespaceInfo namespace, ValueSchema schema);

    /** The namespace's schema versions, oldest first. */
    List<SchemaSummary> list(NamespaceInfo namespace);

    /** The version, or empty when the namespace has none of this number. */
    Optional<ValueSchema> find(NamespaceInfo namespace, long version);

    /** A schema version as a listing shows it. */
    record SchemaSummary(long version, Instant createdAt) {
    }
}
