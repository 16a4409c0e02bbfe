package io.stateapi.domain.batch;

import io.stateapi.domain.tenancy.TenantNamespace;
import java.util.List;
import java.util.Objects;

/** A batch get's answer: one {@link KeyRead} per key asked for, in the order they were asked for. */
public record BatchGetResult(TenantNamespace namespace, List<KeyRead> items) {

    public BatchGetResult {
        Objects.requireNonNull(namespace, "namespace");
        items = List.copyOf(items);
    }
}
