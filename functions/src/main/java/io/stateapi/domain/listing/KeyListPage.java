package io.stateapi.domain.listing;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a caller's listing.
 *
 * @param nextCursor where the following page starts, as an opaque cursor; empty only when the
 *                   range is exhausted. A page may be shorter than asked for, even empty, and still have one.
 */
public record KeyListPage(TenantNamespace namespace, KeyPrefix prefix, List<ListedKey> keys,
                          Optional<String> nextCursor) {

    public KeyListPage {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(prefix, "prefix");
        keys = List.copyOf(keys);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
