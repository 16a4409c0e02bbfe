package io.stateapi.domain.tenancy;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.ForbiddenException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as established from a verified credential: the tenant (an operator's
 * credential may have none), the scopes, and the namespaces it may reach. Every operation asks
 * it for access before it touches data.
 */
public record Caller(Optional<TenantId> tenant, Set<Scope> scopes, NamespaceGrants grants) {

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
        Objects.requireNonNull(grants, "grants");
    }

    public static Caller of(TenantId tenant, Set<Scope> scopes, NamespaceGrants grants) {
        return new Caller(Optional.of(tenant), scopes, grants);
    }

    /** Whether the credential carries {@code scope}; {@link Scope#ADMIN} implies read and write. */
    public boolean has(Scope scope) {
        return scopes.contains(scope)
                || (scopes.contains(Scope.ADMIN) && (scope == Scope.READ || scope == Scope.WRITE));
    }

    /**
     * The tenant's namespace called {@code namespace}, when this caller may use it for
     * {@code scope}.
     *
     * @throws ForbiddenException when the scope, the namespace grant or a tenant is missing
     */
    public TenantNamespace access(Scope scope, Namespace namespace) {
        TenantId owner = requireTenant();
        require(scope);
        if (!grants.covers(namespace)) {
            throw new ForbiddenException("the credential grants no access to namespace '" + namespace.value() + "'");
        }
        return new TenantNamespace(owner, namespace);
    }

    /** The caller's tenant, for operations on the tenant as a whole (listing its namespaces). */
    public TenantId requireTenant() {
        return tenant.orElseThrow(() -> new ForbiddenException("the credential names no tenant"));
    }

    /** @throws ForbiddenException when the credential does not carry {@code scope} */
    public void require(Scope scope) {
        if (!has(scope)) {
            throw new ForbiddenException("the credential lacks the scope " + scope.claim());
        }
    }
}
