package io.stateapi.domain;

/**
 * What must hold about a key's current state for a write to commit. Checked by the store
 * inside the same conditional write that commits, never by a separate read.
 */
public sealed interface Precondition {

    /** Last-write-wins: commit whatever the current state. */
    record None() implements Precondition {
    }

    /** Create only: the key must be absent (never written, deleted, or expired). */
    record IfAbsent() implements Precondition {
    }

    /** The key must exist, at any version. */
    record IfPresent() implements Precondition {
    }

    /** Compare-and-set: the key must exist at exactly this version. */
    record IfVersion(Version version) implements Precondition {
    }

    /**
     * "Must exist at a version" and "must be absent" at once (If-Match with If-None-Match: *).
     * It never holds; RFC 9110 evaluates it to a failed precondition, not to a bad request.
     */
    record Contradictory() implements Precondition {
    }

    Precondition NONE = new None();
    Precondition IF_ABSENT = new IfAbsent();
    Precondition IF_PRESENT = new IfPresent();
    Precondition CONTRADICTORY = new Contradictory();

    static Precondition ifVersion(Version version) {
        return new IfVersion(version);
    }
}
