package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.ForbiddenException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PrincipalNotFoundException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryServiceTest {

    private static final PrincipalArn ORDERS = PrincipalArn.parse("arn:aws:iam::123456789012:role/orders");
    private static final Caller OPERATOR = new Caller(Optional.empty(), Set.of(Scope.OPERATOR), NamespaceGrants.all());
    private static final Caller TENANT_ADMIN = Caller.of(TenantId.of("acme"),
            EnumSet.of(Scope.READ, Scope.WRITE, Scope.ADMIN), NamespaceGrants.all());

    private final InMemoryPrincipalRegistry registry = new InMemoryPrincipalRegistry();
    private final RegistryService service = new RegistryService(registry);

    private static Registration acme(PrincipalArn principal, String... scopes) {
        return Registration.requested(principal, Optional.of("acme"), List.of(scopes), Optional.empty());
    }

    @Test
    void aFirstRegistrationIsCreatedAndASecondReplacesIt() {
        assertThat(service.register(OPERATOR, acme(ORDERS, "state:read"))).isEqualTo(Registered.CREATED);
        assertThat(service.register(OPERATOR, acme(ORDERS, "state:write"))).isEqualTo(Registered.REPLACED);

        assertThat(service.get(OPERATOR, ORDERS).scopes()).containsExactly(Scope.WRITE);
    }

    @Test
    void everyOperationNeedsTheOperatorScopeAndTouchesNothingWithoutIt() {
        service.register(OPERATOR, acme(ORDERS, "state:read"));
        int calls = registry.calls;

        assertThatThrownBy(() -> service.register(TENANT_ADMIN, acme(ORDERS, "state:admin")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("state:operator");
        assertThatThrownBy(() -> service.get(TENANT_ADMIN, ORDERS)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.remove(TENANT_ADMIN, ORDERS)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.list(TENANT_ADMIN, Optional.empty(), 10, Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(registry.calls).isEqualTo(calls);
    }

    @Test
    void anAbsentRegistrationIsNotFound() {
        assertThatThrownBy(() -> service.get(OPERATOR, ORDERS)).isInstanceOf(PrincipalNotFoundException.class);
        assertThatThrownBy(() -> service.remove(OPERATOR, ORDERS)).isInstanceOf(PrincipalNotFoundException.class)
                .hasMessageContaining(ORDERS.value());
    }

    @Test
    void aRemovedRegistrationIsGone() {
        service.register(OPERATOR, acme(ORDERS, "state:read"));

        service.remove(OPERATOR, ORDERS);

        assertThat(registry.find(ORDERS.value())).isEmpty();
    }

    @Test
    void pagesAreBetweenOneAndAHundredRegistrations() {
        for (int limit : new int[] {0, -1, RegistryService.MAX_PAGE_SIZE + 1}) {
            assertThatThrownBy(() -> service.list(OPERATOR, Optional.empty(), limit, Optional.empty()))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThat(service.list(OPERATOR, Optional.empty(), RegistryService.MAX_PAGE_SIZE, Optional.empty())
                .registrations()).isEmpty();
    }
}
