package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.Namespace;
import io.stateapi.domain.exceptions.ForbiddenException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final TenantId ACME = TenantId.of("acme");

    @Test
    void accessQualifiesTheNamespaceWithTheCallersTenant() {
        Caller caller = Caller.of(ACME, Set.of(Scope.READ), NamespaceGrants.all());

        assertThat(caller.access(Scope.READ, Namespace.of("orders"))).isEqualTo(TenantNamespace.of("acme", "orders"));
    }

    @Test
    void aMissingScopeIsForbidden() {
        Caller reader = Caller.of(ACME, Set.of(Scope.READ), NamespaceGrants.all());

        assertThatThrownBy(() -> reader.access(Scope.WRITE, Namespace.of("orders")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("state:write");
    }

    @Test
    void adminImpliesReadAndWriteButNotOperator() {
        Caller admin = Caller.of(ACME, Set.of(Scope.ADMIN), NamespaceGrants.all());

        assertThat(admin.has(Scope.READ)).isTrue();
        assertThat(admin.has(Scope.WRITE)).isTrue();
        assertThat(admin.has(Scope.OPERATOR)).isFalse();
    }

    @Test
    void writeDoesNotImplyRead() {
        assertThat(Caller.of(ACME, Set.of(Scope.WRITE), NamespaceGrants.all()).has(Scope.READ)).isFalse();
    }

    @Test
    void aNamespaceOutsideTheGrantsIsForbiddenEvenWithTheScope() {
        Caller narrowed = Caller.of(ACME, Set.of(Scope.ADMIN), NamespaceGrants.only(List.of("orders", "cart-*")));

        assertThat(narrowed.access(Scope.WRITE, Namespace.of("cart-7")).name()).isEqualTo("cart-7");
        assertThatThrownBy(() -> narrowed.access(Scope.READ, Namespace.of("ordersx")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("ordersx");
    }

    @Test
    void aCallerWithoutATenantReachesNoNamespace() {
        Caller operator = new Caller(Optional.empty(), Set.of(Scope.OPERATOR, Scope.ADMIN), NamespaceGrants.all());

        assertThatThrownBy(() -> operator.access(Scope.READ, Namespace.of("orders")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("no tenant");
    }

    @Test
    void aCallerWithNoScopesHasNone() {
        assertThat(Caller.of(ACME, Set.of(), NamespaceGrants.all()).has(Scope.READ)).isFalse();
    }
}
