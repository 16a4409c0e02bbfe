package io.stateapi.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of your namespaces ({@link Namespaces#listPage(int, String)}).
 *
 * @param namespaces the namespaces on this page, in the service's order
 * @param nextCursor where the next page starts (opaque: pass it back as it is); null on the last page
 */
public record NamespacePage(List<NamespaceInfo> namespaces, String nextCursor) {

    public NamespacePage {
        namespaces = List.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    }

    /** Whether another page follows. */
    public boolean hasMore() {
        return nextCursor != null;
    }
}
