package io.stateapi.domain.tenancy;

import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PrincipalNotFoundException;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry's operations for callers of the API: each one asks for {@link Scope#OPERATOR}
 * before it touches the registry. Operators need no tenant: the registry is no tenant's data.
 */
public final class RegistryService {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 100;

    private final PrincipalRegistryAdmin registry;

    public RegistryService(PrincipalRegistryAdmin registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public Registered register(Caller caller, Registration registration) {
        caller.require(Scope.OPERATOR);
        return registry.register(registration);
    }

    /** @throws PrincipalNotFoundException when the principal has no registration */
    public Registration get(Caller caller, PrincipalArn principal) {
        caller.require(Scope.OPERATOR);
        return registry.find(principal.value()).orElseThrow(() -> new PrincipalNotFoundException(principal.value()));
    }

    /** @throws PrincipalNotFoundException when the principal had no registration */
    public void remove(Caller caller, PrincipalArn principal) {
        caller.require(Scope.OPERATOR);
        if (!registry.remove(principal.value())) {
            throw new PrincipalNotFoundException(principal.value());
        }
    }

    /** @throws InvalidRequestException when {@code limit} is not from 1 to {@link #MAX_PAGE_SIZE} */
    public RegistryPage list(Caller caller, Optional<TenantId> tenant, int limit, Optional<RegistryCursor> cursor) {
        caller.require(Scope.OPERATOR);
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("limit must be an integer from 1 to " + MAX_PAGE_SIZE);
        }
        return registry.list(tenant, limit, cursor);
    }
}
