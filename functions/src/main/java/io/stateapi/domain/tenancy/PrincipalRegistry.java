package io.stateapi.domain.tenancy;

import java.util.Optional;

/**
 * The port to the registry that maps IAM principals to tenants (ADR 0013). JWT callers need no
 * registry: their token names the tenant.
 */
public interface PrincipalRegistry {

    /** The registration of {@code principal} (a normalised principal ARN), if there is one. */
    Optional<Registration> find(String principal);
}
