package io.stateapi.domain.exceptions;

import java.util.List;

/**
 * A schema version's {@code migration} that cannot be taken (ADR 0057): not in a transform
 * language this API runs, a transform that does not compile, or a migration on version 1, which
 * has no version before it. No version was created.
 */
public final class InvalidMigrationException extends StateApiException {

    private final List<String> reasons;

    public InvalidMigrationException(List<String> reasons) {
        super("not a migration this API takes: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
