package io.stateapi.domain.namespaces;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a caller's namespaces.
 *
 * @param next where the following page starts; empty on the last page. A page may be shorter
 *             than asked for, even empty, and still have one (ADR 0016).
 */
public record NamespacePage(List<NamespaceInfo> namespaces, Optional<NamespaceCursor> next) {

    public NamespacePage {
        namespaces = List.copyOf(namespaces);
        Objects.requireNonNull(next, "next");
    }
}
