package io.stateapi.domain.tenancy;

import io.stateapi.domain.Namespace;
import java.util.Objects;

/**
 * A namespace as the store knows it: the tenant's name for it qualified by the tenant. Two
 * tenants using the same name address two different namespaces, and no path can name another
 * tenant's.
 */
public record TenantNamespace(TenantId tenant, Namespace namespace) {

    public TenantNamespace {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
    }

    public static TenantNamespace of(String tenant, String namespace) {
        return new TenantNamespace(TenantId.of(tenant), Namespace.of(namespace));
    }

    /** The tenant's own name for the namespace: what the API shows and errors mention. */
    public String name() {
        return namespace.value();
    }

    @Override
    public String toString() {
        return tenant.value() + "/" + namespace.value();
    }
}
