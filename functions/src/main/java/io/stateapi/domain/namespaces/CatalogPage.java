package io.stateapi.domain.namespaces;

import java.util.List;

/**
 * Namespaces of one tenant in name order, as one read of the catalog returned them.
 *
 * @param more whether namespaces may follow the last one here
 */
public record CatalogPage(List<NamespaceInfo> namespaces, boolean more) {

    public CatalogPage {
        namespaces = List.copyOf(namespaces);
    }
}
