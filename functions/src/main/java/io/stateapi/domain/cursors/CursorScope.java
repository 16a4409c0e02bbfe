package io.stateapi.domain.cursors;

import java.util.List;
import java.util.Objects;

/**
 * What a cursor is valid for: the kind of listing ({@code purpose}, e.g. {@code "keys/v1"}) and
 * the request's values it is bound to (tenant, namespace, prefix...). None of this travels in the
 * cursor: it is signed with the cursor and must be given again to open it, so a cursor of one
 * listing opens in no other.
 */
public record CursorScope(String purpose, List<String> binding) {

    public CursorScope {
        Objects.requireNonNull(purpose, "purpose");
        binding = List.copyOf(binding);
    }

    public static CursorScope of(String purpose, String... binding) {
        return new CursorScope(purpose, List.of(binding));
    }
}
