package io.stateapi.domain.exceptions;

import io.stateapi.domain.StateRecord;
import io.stateapi.domain.Version;
import io.stateapi.domain.tenancy.Caller;
import io.stateapi.domain.tenancy.Scope;
import java.util.Objects;
import java.util.Optional;

/**
 * A precondition did not hold: the key is not at the expected version, exists when it
 * should not, or is absent when a version was expected. Carries the version the key is at
 * now (empty when it is absent), taken from the same conditional write that failed.
 *
 * <p>A write to one key may also carry the key's current state, when the store had it at hand
 * (ADR 0051): its live record, or none when the key has no live value, so a compare-and-set
 * writer that lost the race needs no second read. The state is shown only once an operation has
 * checked that its caller may read it ({@link #shownTo}); a conflict no operation cleared tells
 * the version alone, so a new path that forgets the check discloses nothing.
 */
public final class VersionConflictException extends StateApiException {

    private final Version currentVersion;
    private final boolean carriesState;
    private final StateRecord current;
    private final boolean stateShown;

    /** A conflict that tells the current version only. */
    public VersionConflictException(String message, Version currentVersion) {
        this(message, currentVersion, false, null, false);
    }

    private VersionConflictException(String message, Version currentVersion, boolean carriesState,
                                     StateRecord current, boolean stateShown) {
        super(message);
        this.currentVersion = currentVersion;
        this.carriesState = carriesState;
        this.current = current;
        this.stateShown = stateShown;
    }

    /** A conflict with the key's current state: its live record, or empty when it has none. */
    public static VersionConflictException withState(String message, Optional<StateRecord> current) {
        Objects.requireNonNull(current, "current");
        return new VersionConflictException(message, current.map(StateRecord::version).orElse(null), true,
                current.orElse(null), false);
    }

    public Optional<Version> currentVersion() {
        return Optional.ofNullable(currentVersion);
    }

    /**
     * Whether the answer may tell the key's current state ({@link #current()}): it was carried
     * and {@link #shownTo} found a caller allowed to read it.
     */
    public boolean stateShown() {
        return stateShown;
    }

    /** The key's live record at the conflict; empty when it has none or the state is not carried. */
    public Optional<StateRecord> current() {
        return Optional.ofNullable(current);
    }

    /**
     * The conflict as {@code caller} may see it: the current state with {@code state:read} (the
     * caller already passed the namespace grant to write), otherwise the version alone, which a
     * write-only credential has always been told.
     */
    public VersionConflictException shownTo(Caller caller) {
        if (!carriesState || stateShown) {
            return this;
        }
        return caller.has(Scope.READ)
                ? new VersionConflictException(getMessage(), currentVersion, true, current, true)
                : new VersionConflictException(getMessage(), currentVersion);
    }
}
