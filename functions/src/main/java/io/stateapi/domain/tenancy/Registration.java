package io.stateapi.domain.tenancy;

import java.util.Objects;
import java.util.Set;

/** What the registry says of one IAM principal: its tenant, its scopes, its namespaces. */
public record Registration(String principal, TenantId tenant, Set<Scope> scopes, NamespaceGrants grants) {

    public Registration {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(tenant, "tenant");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(grants, "grants");
    }

    public Caller caller() {
        return Caller.of(tenant, scopes, grants);
    }
}
