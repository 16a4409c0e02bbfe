package io.stateapi.client;

import io.stateapi.client.internal.NamespaceOperations;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Your tenant's namespaces, with blocking calls; get it from {@link StateClient#namespaces()}.
 * Immutable and thread-safe. The tenant is the credential's: names are per tenant, so another
 * tenant's namespace of the same name is a different one and cannot be seen from here.
 *
 * <p>A namespace also comes into being with its first key write, with default settings; creating
 * it here is needed only to choose settings. Listing and describing need the {@code state:read}
 * scope, the other calls {@code state:admin}. Every call is retried after throttling, quota
 * refusals, 503 and lost connections (see the README's "Retries"); all throw subclasses of
 * {@link io.stateapi.client.exceptions.StateApiException}, and a name that cannot be a namespace
 * ({@code ^[a-z0-9][a-z0-9._-]{0,62}$}) throws {@code InvalidNamespaceException} before sending.
 */
public final class Namespaces {

    private final NamespaceOperations operations;

    Namespaces(NamespaceOperations operations) {
        this.operations = operations;
    }

    /** The same calls with another retry policy (the client-wide retry budget stays shared). */
    public Namespaces withRetryPolicy(RetryPolicy retryPolicy) {
        return new Namespaces(operations.withRetryPolicy(Objects.requireNonNull(retryPolicy, "retryPolicy")));
    }

    /** As {@link #withRetryPolicy(RetryPolicy)}, the builder starting from {@link RetryPolicy#defaults()}. */
    public Namespaces withRetryPolicy(Consumer<RetryPolicy.Builder> retryPolicy) {
        return withRetryPolicy(RetryPolicy.from(retryPolicy));
    }

    /**
     * Creates the namespace with these settings, or, if it exists, gives it these settings
     * ({@code PUT}): settings not given take the service's defaults, so give every one you want to
     * keep. Keys already stored keep their own time to live. Returns the namespace's description.
     *
     * @throws io.stateapi.client.exceptions.ForbiddenException without the {@code state:admin} scope or a grant for the name
     */
    public NamespaceInfo create(String name, NamespaceSettings settings) {
        return Blocking.await(operations.put(name, Objects.requireNonNull(settings, "settings")));
    }

    /** Creates with settings built in place: {@code create("orders", s -> s.defaultTtl(Duration.ofDays(30)))}. */
    public NamespaceInfo create(String name, Consumer<NamespaceSettings.Builder> settings) {
        return create(name, NamespaceSettings.from(settings));
    }

    /**
     * The namespace's settings, approximate key count, creation time and status.
     *
     * @throws io.stateapi.client.exceptions.NamespaceNotFoundException when your tenant has no namespace of this name
     */
    public NamespaceInfo describe(String name) {
        return Blocking.await(operations.describe(name));
    }

    /**
     * Every namespace your credential may see, page after page: a page is fetched when the stream
     * reaches it, so {@code findFirst} or {@code limit} fetch no more than they need. Each
     * traversal starts from the first page; a failure on a later page is thrown from the stream.
     */
    public Stream<NamespaceInfo> list() {
        return StreamSupport.stream(() -> Spliterators.spliteratorUnknownSize(new AllPages(), Spliterator.ORDERED | Spliterator.NONNULL),
                Spliterator.ORDERED | Spliterator.NONNULL, false);
    }

    /**
     * One page of at most {@code limit} namespaces (the service may cap it), starting at
     * {@code cursor}, or at the beginning when it is null.
     */
    public NamespacePage listPage(int limit, String cursor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1; got " + limit);
        }
        return Blocking.await(operations.page(limit, cursor));
    }

    /**
     * Deletes an empty namespace. A delete whose first answer was lost and whose retry finds the
     * namespace gone returns normally: it is gone, which is what was asked.
     *
     * @throws io.stateapi.client.exceptions.NamespaceNotEmptyException when it still holds keys (nothing is deleted; see {@link #purge})
     * @throws io.stateapi.client.exceptions.NamespaceNotFoundException when your tenant has no namespace of this name
     */
    public void delete(String name) {
        Blocking.await(operations.delete(name));
    }

    /**
     * Deletes the namespace with every key in it, in the background ({@code DELETE ?purge=true}),
     * and returns at once with the purge's status; {@link #purgeStatus} follows it. The purge
     * resumes by itself if interrupted. Asking again while it runs returns its status. Until it is
     * done, writes into the namespace fail with
     * {@link io.stateapi.client.exceptions.NamespacePurgingException}.
     */
    public PurgeStatus purge(String name) {
        return Blocking.await(operations.purge(name));
    }

    /**
     * Where the namespace's purge is.
     *
     * @throws io.stateapi.client.exceptions.PurgeNotFoundException when it is not being purged (nor was in the last 7 days)
     */
    public PurgeStatus purgeStatus(String name) {
        return Blocking.await(operations.purgeStatus(name));
    }

    /**
     * Creates version {@code version} of the namespace's JSON Schema (draft 2020-12) and makes it
     * the active one: from then on a write whose value does not match throws
     * {@link io.stateapi.client.exceptions.SchemaViolationException}. Versions follow each other
     * from 1 and never change; values already stored are not checked again (ADR 0052).
     *
     * @param schemaJson the schema document as JSON text (at most 64 KiB compact)
     * @throws io.stateapi.client.exceptions.SchemaVersionConflictException when {@code version} is not the one after the latest
     * @throws io.stateapi.client.exceptions.InvalidSchemaException when the schema is not one the service takes
     * @throws io.stateapi.client.exceptions.ForbiddenException without the {@code state:admin} scope
     */
    public SchemaVersion createSchema(String name, long version, String schemaJson) {
        if (version < 1) {
            throw new IllegalArgumentException("schema versions start at 1; got " + version);
        }
        return Blocking.await(operations.createSchema(name, version, Objects.requireNonNull(schemaJson, "schemaJson"),
                Optional.empty()));
    }

    /**
     * Creates version {@code version} (2 or later) with its migration: a JSONata expression whose
     * input is a value at the previous version and whose result is the value at this one (ADR
     * 0057). Reads then return stored values upgraded to this version ({@link
     * Versioned#schemaVersion()}, with {@link Versioned#storedSchemaVersion()} the version the item
     * records), and {@link #startBackfill} rewrites them.
     *
     * @param jsonata the expression, e.g. {@code $merge([$, {"currency": "EUR"}])} (at most 16 KiB)
     * @throws io.stateapi.client.exceptions.InvalidMigrationException when it does not compile, or with version 1
     * @throws io.stateapi.client.exceptions.SchemaVersionConflictException when {@code version} is not the one after the latest
     * @throws io.stateapi.client.exceptions.InvalidSchemaException when the schema is not one the service takes
     */
    public SchemaVersion createSchema(String name, long version, String schemaJson, String jsonata) {
        if (version < 2) {
            throw new IllegalArgumentException("a migration comes with version 2 or later; got " + version);
        }
        return Blocking.await(operations.createSchema(name, version, Objects.requireNonNull(schemaJson, "schemaJson"),
                Optional.of(Objects.requireNonNull(jsonata, "jsonata"))));
    }

    /** The namespace's schema versions, oldest first, without their documents, and the active one. */
    public SchemaVersions schemas(String name) {
        return Blocking.await(operations.schemas(name));
    }

    /**
     * One schema version with its document.
     *
     * @throws io.stateapi.client.exceptions.SchemaNotFoundException when the namespace has no such version
     */
    public SchemaVersion schema(String name, long version) {
        return Blocking.await(operations.schema(name, version));
    }

    @Override
    public String toString() {
        return "Namespaces";
    }

    /** Walks the pages, fetching the next one when the current one is used up. */
    private final class AllPages implements Iterator<NamespaceInfo> {
        private Iterator<NamespaceInfo> page;
        private String cursor;
        private boolean last;

        @Override
        public boolean hasNext() {
            while (page == null || !page.hasNext()) {
                if (last) {
                    return false;
                }
                NamespacePage next = Blocking.await(operations.page(null, cursor));
                if (next.hasMore() && next.nextCursor().equals(cursor)) {
                    throw new io.stateapi.client.exceptions.StateApiException(
                            "the service answered the same cursor again; listing stopped rather than loop", null);
                }
                page = next.namespaces().iterator();
                cursor = next.nextCursor();
                last = !next.hasMore();
            }
            return true;
        }

        @Override
        public NamespaceInfo next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }

    /**
     * Starts the backfill that upgrades the namespace's stored values to schema version
     * {@code version}, its active one, in the background, and returns its status at once;
     * {@link #backfill} follows it. A dry run writes nothing and reports what would fail. Asking
     * again while it runs returns its status (ADR 0058).
     *
     * @param segments       key ranges worked on in parallel, 1 to 16
     * @param itemsPerSecond the most items it reads a second, 1 to 1000: its share of the table's capacity
     * @throws io.stateapi.client.exceptions.BackfillConflictException when {@code version} is not the active one,
     *         or a backfill of it with another {@code dryRun} runs
     * @throws io.stateapi.client.exceptions.SchemaNotFoundException when the namespace has no such version
     * @throws io.stateapi.client.exceptions.ForbiddenException without the {@code state:admin} scope
     */
    public BackfillStatus startBackfill(String name, long version, boolean dryRun, int segments, int itemsPerSecond) {
        return Blocking.await(operations.startBackfill(name, version, dryRun, segments, itemsPerSecond));
    }

    /**
     * Where the namespace's backfill of {@code version} is.
     *
     * @throws io.stateapi.client.exceptions.BackfillNotFoundException when none was started in this life of the namespace
     */
    public BackfillStatus backfill(String name, long version) {
        return Blocking.await(operations.backfill(name, version));
    }

    /** Cancels the backfill (it stops at the service's next housekeeping run); returns its status. */
    public BackfillStatus cancelBackfill(String name, long version) {
        return Blocking.await(operations.cancelBackfill(name, version));
    }
}
