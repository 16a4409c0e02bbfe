package io.stateapi.auth;

import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.resources.Tenancy;
import java.util.Objects;
import java.util.Optional;

/**
 * How credentials name tenants (ADR 0013): the JWT claims that carry the tenant and the namespace
 * grants, and the tenant of unregistered IAM principals in a single-tenant deployment.
 *
 * @param tenantClaim     JWT claim holding the tenant id ({@code state.auth.tenant-claim})
 * @param namespacesClaim JWT claim narrowing the token to namespaces ({@code state.auth.namespaces-claim})
 * @param defaultTenant   tenant of IAM principals without a registration ({@code state.auth.default-tenant});
 *                        empty: such principals are refused
 */
public record AuthSettings(String tenantClaim, String namespacesClaim, Optional<TenantId> defaultTenant) {

    public static final String DEFAULT_TENANT_CLAIM = Tenancy.DEFAULT_TENANT_CLAIM;
    public static final String DEFAULT_NAMESPACES_CLAIM = Tenancy.DEFAULT_NAMESPACES_CLAIM;

    public AuthSettings {
        Objects.requireNonNull(tenantClaim, "tenantClaim");
        Objects.requireNonNull(namespacesClaim, "namespacesClaim");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
    }

    public static AuthSettings defaults() {
        return new AuthSettings(DEFAULT_TENANT_CLAIM, DEFAULT_NAMESPACES_CLAIM, Optional.empty());
    }
}
