package io.stateapi.domain.namespaces;

/** What an attempt to delete a namespace that should be empty found. */
public sealed interface NamespaceDeletion {

    /** The namespace was empty and is gone from the catalog. */
    record Deleted() implements NamespaceDeletion {
    }

    /** A live key remains; nothing was changed. */
    record NotEmpty() implements NamespaceDeletion {
    }

    /** The catalog has no such namespace (any more). */
    record Absent() implements NamespaceDeletion {
    }

    /** The namespace is being purged (ADR 0019); the purge removes it. */
    record Purging() implements NamespaceDeletion {
    }

    NamespaceDeletion DELETED = new Deleted();
    NamespaceDeletion NOT_EMPTY = new NotEmpty();
    NamespaceDeletion ABSENT = new Absent();
    NamespaceDeletion PURGING = new Purging();
}
