package io.stateapi.domain.tenancy;

import java.util.Optional;

/**
 * The registry as operators manage it (ADR 0018): the admin routes and the operators' CLI both
 * go through this port, and the one DynamoDB adapter implements it. Each change is one write, so
 * the principal's next request sees it.
 */
public interface PrincipalRegistryAdmin extends PrincipalRegistry {

    /** Registers the principal, replacing whatever was registered for it before. */
    Registered register(Registration registration);

    /** Removes the principal's registration; false when there was none. */
    boolean remove(String principal);

    /**
     * At most {@code limit} registrations in principal order, starting after {@code cursor}, only
     * those of {@code tenant} when one is given.
     */
    RegistryPage list(Optional<TenantId> tenant, int limit, Optional<RegistryCursor> cursor);
}
